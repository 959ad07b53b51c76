"""The organization admin's own pages (dashboard, one transition, merge) and its actions."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from iomcso.core.audit import Action, audit_record

from .. import selectors, services
from ..choices import PartnerType, Region, VerificationStatus
from ..models import (
    Organization,
)
from .forms import (
    REASON_REQUIRED,
    TRANSITION_LABELS,
    TRANSITION_SERVICES,
    MergeForm,
    ReasonForm,
)


class OrganizationViewsMixin(admin.ModelAdmin):
    """Custom views and actions of OrganizationAdmin, which calls partners.services for every change."""

    def has_verify_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("partners.verify_organization")

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("partners.merge_organization")

    # Extra views --------------------------------------------------------------

    def get_urls(self):
        urls = super().get_urls()
        custom = [
            path(
                "dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="partners_dashboard",
            ),
            path(
                "merge/",
                self.admin_site.admin_view(self.merge_view),
                name="partners_organization_merge",
            ),
            path(
                "<int:object_id>/transition/<str:verb>/",
                self.admin_site.admin_view(self.transition_view),
                name="partners_organization_transition",
            ),
        ]
        return custom + urls

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        dashboard = selectors.staff_dashboard()

        context = {
            **self.admin_site.each_context(request),
            "title": _("Partner registry dashboard"),
            "opts": self.model._meta,
            "dashboard": dashboard,
            "by_status": [
                (label, dashboard.by_status.get(value, 0), value)
                for value, label in VerificationStatus.choices
            ],
            "by_type": [
                (label, dashboard.by_type.get(value, 0), value)
                for value, label in PartnerType.choices
            ],
            "by_region": [
                (label, dashboard.by_region.get(value, 0), value) for value, label in Region.choices
            ],
        }
        return TemplateResponse(request, "partners/admin/dashboard.html", context)

    def transition_view(self, request, object_id: int, verb: str):
        if verb not in TRANSITION_SERVICES or not self.has_verify_permission(request):
            raise PermissionDenied
        organization = get_object_or_404(Organization, pk=object_id)
        form = ReasonForm(request.POST or None, required=verb in REASON_REQUIRED)
        if request.method == "POST" and form.is_valid():
            try:
                TRANSITION_SERVICES[verb](
                    actor=request.user,
                    organization=organization,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                messages.error(request, "; ".join(error.messages))
            else:
                audit_record(
                    action=Action.STAFF_ACTION,
                    request=request,
                    target=organization,
                    message=str(TRANSITION_LABELS[verb]),
                    detail={"verb": verb, "reason": form.cleaned_data["reason"]},
                )
                messages.success(
                    request,
                    _("%(organization)s is now %(status)s.")
                    % {
                        "organization": organization,
                        "status": organization.get_verification_status_display(),
                    },
                )
            return HttpResponseRedirect(
                reverse("admin:partners_organization_change", args=[organization.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(verb)s %(organization)s")
            % {"verb": TRANSITION_LABELS[verb], "organization": organization},
            "opts": self.model._meta,
            "organization": organization,
            "form": form,
            "verb": verb,
            "verb_label": TRANSITION_LABELS[verb],
        }
        return TemplateResponse(request, "partners/admin/organization_transition.html", context)

    def merge_view(self, request):
        if not self.has_merge_permission(request):
            raise PermissionDenied
        raw_ids = request.POST.get("ids") or request.GET.get("ids", "")
        ids = [int(value) for value in raw_ids.split(",") if value.strip().isdigit()]
        organizations = list(Organization.objects.filter(pk__in=ids).order_by("created_at"))
        if len(organizations) != 2:
            messages.error(request, _("Choose exactly two organizations to merge."))
            return HttpResponseRedirect(reverse("admin:partners_organization_changelist"))
        form = MergeForm(request.POST or None, organizations=organizations)
        if request.method == "POST" and form.is_valid():
            keep = form.cleaned_data["keep"]
            duplicate = next(org for org in organizations if org.pk != keep.pk)
            services.organization_merge(actor=request.user, keep=keep, duplicate=duplicate)
            audit_record(
                action=Action.STAFF_ACTION,
                request=request,
                target=keep,
                message=f"Merged {duplicate} (#{duplicate.pk})",
                detail={"verb": "merge", "duplicate_id": duplicate.pk},
            )
            messages.success(
                request,
                _("%(duplicate)s was merged into %(keep)s.")
                % {"duplicate": duplicate, "keep": keep},
            )
            return HttpResponseRedirect(
                reverse("admin:partners_organization_change", args=[keep.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge two organizations"),
            "opts": self.model._meta,
            "organizations": organizations,
            "form": form,
            "ids": ",".join(str(org.pk) for org in organizations),
        }
        return TemplateResponse(request, "partners/admin/organization_merge.html", context)

    # Bulk actions -------------------------------------------------------------

    def _apply_transition(self, request, queryset, verb: str, reason: str = ""):
        done, refused = 0, []
        for organization in queryset:
            try:
                TRANSITION_SERVICES[verb](
                    actor=request.user, organization=organization, reason=reason
                )
                audit_record(
                    action=Action.STAFF_ACTION,
                    request=request,
                    target=organization,
                    message=str(TRANSITION_LABELS[verb]),
                    detail={"verb": verb, "reason": reason},
                )
                done += 1
            except ValidationError as error:
                refused.append(f"{organization}: {'; '.join(error.messages)}")
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d organization updated.", "%(count)d organizations updated.", done
                )
                % {"count": done},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    def _reason_action(self, request, queryset, verb: str):
        form = ReasonForm(
            request.POST if "apply" in request.POST else None, required=verb in REASON_REQUIRED
        )
        if "apply" in request.POST and form.is_valid():
            self._apply_transition(request, queryset, verb, form.cleaned_data["reason"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": TRANSITION_LABELS[verb],
            "opts": self.model._meta,
            "organizations": queryset,
            "form": form,
            "action": f"{verb}_selected",
            "verb_label": TRANSITION_LABELS[verb],
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "partners/admin/organization_reason_action.html", context)

    @admin.action(description=_("Verify selected organizations"), permissions=["verify"])
    def verify_selected(self, request, queryset):
        self._apply_transition(request, queryset, "verify")

    @admin.action(description=_("Reject selected organizations…"), permissions=["verify"])
    def reject_selected(self, request, queryset):
        return self._reason_action(request, queryset, "reject")

    @admin.action(description=_("Suspend selected organizations…"), permissions=["verify"])
    def suspend_selected(self, request, queryset):
        return self._reason_action(request, queryset, "suspend")

    @admin.action(description=_("Reinstate selected organizations"), permissions=["verify"])
    def reinstate_selected(self, request, queryset):
        self._apply_transition(request, queryset, "reinstate")

    @admin.action(description=_("Merge the two selected organizations…"), permissions=["merge"])
    def merge_selected(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True)[:3])
        return HttpResponseRedirect(reverse("admin:partners_organization_merge") + f"?ids={ids}")
