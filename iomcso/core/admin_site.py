"""The portal's admin site: Django's, opening on each staff role's work.

The index is a home page: the panels each app registers for the user's role
(``iomcso.core.workspace``), links to the staff pages outside the model list, and the model
list without the technical sections (schedules, sites, authenticators, outbox, reminder log),
which only superusers and system administrators see. The dashboard (charts and a map) is a
page of the admin site, drawn from the charts the apps register.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.cache import cache
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import charts, workspace

DASHBOARD_HTML_SECONDS = 60


class PortalAdminSite(admin.AdminSite):
    site_header = _("IOM–CSO Partnership Portal")
    site_title = _("IOM–CSO admin")
    index_title = _("Your work")
    index_template = "admin/portal_index.html"
    # The sidebar repeats the whole app list on every page; the breadcrumbs and the
    # index already lead everywhere, and building the list costs every page ~9 ms.
    enable_nav_sidebar = False

    def each_context(self, request):
        # Django's each_context, with the app list built lazily: only the index and the
        # (disabled) sidebar read it, yet Django builds it for every admin page.
        script_name = request.META["SCRIPT_NAME"]
        site_url = script_name if self.site_url == "/" and script_name else self.site_url
        return {
            "site_title": self.site_title,
            "site_header": self.site_header,
            "site_url": site_url,
            "has_permission": self.has_permission(request),
            "available_apps": SimpleLazyObject(lambda: self.get_app_list(request)),
            "is_popup": False,
            "is_nav_sidebar_enabled": self.enable_nav_sidebar,
            # Staff actions outside the admin's own forms reach "Recent actions" through
            # iomcso.core.audit.audit_record, which also writes Django's LogEntry.
            "log_entries": self.get_log_entries(request),
        }

    def get_app_list(self, request, app_label=None):
        """Django's list, without the technical models for most staff, one section per name.

        allauth's email addresses and our users are two apps both called "Accounts"; staff
        see one section holding both.
        """
        # roles imports the auth models, and this module is loaded with the app registry
        # (PortalAdminConfig is the first installed app), before models can be imported.
        from .roles import TECHNICAL_MODELS, user_sees_technical_sections

        app_list = super().get_app_list(request, app_label)
        show_technical = user_sees_technical_sections(request.user)
        merged: dict[str, dict] = {}
        for app in app_list:
            models = [
                model
                for model in app["models"]
                if show_technical
                or f"{app['app_label']}.{model['object_name'].lower()}" not in TECHNICAL_MODELS
            ]
            if not models:
                continue
            name = str(app["name"])
            if name in merged:
                merged[name]["models"] = sorted(
                    merged[name]["models"] + models, key=lambda model: str(model["name"])
                )
            else:
                merged[name] = {**app, "models": models}
        return list(merged.values())

    def get_urls(self):
        return [
            path("dashboard/", self.admin_view(self.dashboard_view), name="dashboard"),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        extra_context = {
            "home_panels": workspace.home_panels(user=request.user),
            "home_links": workspace.home_links(user=request.user),
            **(extra_context or {}),
        }
        return super().index(request, extra_context)

    def dashboard_view(self, request):
        # The charts change when beat refreshes the figures (every ten minutes); drawn once a
        # minute per language, not on every request.
        key = workspace.dashboard_html_key(get_language())
        charts_html = cache.get(key)
        if charts_html is None:
            rendered = [charts.render_chart(chart) for chart in workspace.dashboard_charts()]
            charts_html = render_to_string("admin/_dashboard_charts.html", {"charts": rendered})
            cache.set(key, charts_html, DASHBOARD_HTML_SECONDS)
        context = {
            **self.each_context(request),
            "title": _("Dashboard"),
            "charts_html": mark_safe(charts_html),  # noqa: S308 - our template's output
        }
        return TemplateResponse(request, "admin/dashboard.html", context)


class PortalAdminConfig(AdminConfig):
    default_site = "iomcso.core.admin_site.PortalAdminSite"
