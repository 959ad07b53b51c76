"""The portal's admin site: Django's, with the staff app list built only where it is shown."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    site_header = _("IOM–CSO Partnership Portal")
    site_title = _("IOM–CSO admin")
    index_title = _("Administration")
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
            "log_entries": self.get_log_entries(request),
        }


class PortalAdminConfig(AdminConfig):
    default_site = "iomcso.core.admin_site.PortalAdminSite"
