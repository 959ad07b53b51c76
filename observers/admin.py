from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from iomcso.core.admin_accessibility import LabelledTabularInline
from iomcso.core.admin_transitions import TransitionLogInline
from iomcso.core.paginators import LargeTableAdminMixin
from partners.admin_helpers import SeriousConcernColumnMixin
from partners.screening.models import PossibleMatch

from . import selectors, services
from .forms import ReportRequestForm, council_session_label
from .models import (
    ApplicationStatus,
    Assessment,
    CouncilDecision,
    CouncilSession,
    CriterionStatement,
    EligibilityReport,
    Observer,
    ObserverApplication,
    ReportStatus,
    SessionDelegate,
)


class ReadOnlyInline(LabelledTabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class StatementInline(ReadOnlyInline):
    model = CriterionStatement
    fields = readonly_fields = ("criterion", "statement", "updated_at")


class AssessmentInline(ReadOnlyInline):
    model = Assessment
    fields = readonly_fields = ("criterion", "reviewer", "outcome", "note", "updated_at")


@admin.register(ObserverApplication)
class ObserverApplicationAdmin(SeriousConcernColumnMixin, LargeTableAdminMixin, admin.ModelAdmin):
    """Applications are read here; their state changes on the review page, through services."""

    list_display = [
        "organization",
        "status",
        "status_changed_at",
        "submitted_at",
        "serious_concern",
        "review_link",
    ]
    list_filter = ["status"]
    search_fields = ["organization__name", "organization__acronym"]
    date_hierarchy = "created_at"
    list_select_related = ["organization"]
    fields = readonly_fields = (
        "organization",
        "status",
        "created_by",
        "created_at",
        "submitted_at",
        "status_changed_at",
        "information_request",
        "serious_concern",
        "review_link",
    )
    inlines = [StatementInline, AssessmentInline, TransitionLogInline]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("review"))
    def review_link(self, obj: ObserverApplication) -> str:
        if obj.status == "draft":
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("observers:review_detail", args=[obj.pk]),
            _("Open the review page"),
        )


@admin.register(CouncilSession)
class CouncilSessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "number", "starts_on", "ends_on", "place", "delegates_link"]
    search_fields = ["number", "place"]
    date_hierarchy = "starts_on"

    @admin.display(description=_("observer delegates"))
    def delegates_link(self, obj: CouncilSession) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("observers:session_delegates", args=[obj.pk]), _("List")
        )


@admin.register(CouncilDecision)
class CouncilDecisionAdmin(admin.ModelAdmin):
    list_display = ["reference", "application", "session_with_dates", "granted", "decided_on"]
    list_select_related = ["application__organization", "session"]
    list_filter = ["granted", "session"]
    search_fields = ["reference", "application__organization__name"]
    readonly_fields = [
        "application",
        "session",
        "reference",
        "granted",
        "decided_on",
        "recorded_by",
        "recorded_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("Council session"), ordering="session__starts_on")
    def session_with_dates(self, obj: CouncilDecision) -> str:
        return council_session_label(obj.session)


@admin.register(Observer)
class ObserverAdmin(admin.ModelAdmin):
    list_display = ["organization", "since", "session", "ended_on", "end_link"]
    list_filter = [("ended_on", admin.EmptyFieldListFilter), "session"]
    search_fields = ["organization__name"]
    readonly_fields = [
        "organization",
        "application",
        "since",
        "session",
        "ended_on",
        "end_reason",
        "ended_by",
    ]
    list_select_related = ["organization", "session"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("end"))
    def end_link(self, obj: Observer) -> str:
        if obj.ended_on:
            return obj.end_reason[:60]
        return format_html(
            '<a href="{}">{}</a>',
            reverse("observers:observer_end", args=[obj.pk]),
            _("End Observer status"),
        )


@admin.register(SessionDelegate)
class SessionDelegateAdmin(admin.ModelAdmin):
    list_display = ["name", "observer", "session", "email", "position", "voting_rights"]
    list_filter = ["session"]
    search_fields = ["name", "email", "observer__organization__name"]
    readonly_fields = ["observer", "session", "registered_by", "registered_at"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("voting rights"))
    def voting_rights(self, obj: SessionDelegate) -> str | Promise:
        return _("Observer — no voting rights")


class RequestedByFilter(admin.SimpleListFilter):
    """Staff who asked for reports: a handful of people, never every account of the portal
    (the default related-field filter lists every user, CSO users included)."""

    title = _("requested by")
    parameter_name = "requested_by"

    def lookups(self, request, model_admin):
        return [(str(user.pk), str(user)) for user in selectors.report_requesters()]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(requested_by_id=int(value))
        return queryset


@admin.register(EligibilityReport)
class EligibilityReportAdmin(admin.ModelAdmin):
    """Reports are asked for here, built by Celery, and downloaded through a checked view."""

    list_display = [
        "__str__",
        "kind",
        "filters_display",
        "requested_by",
        "requested_at",
        "status",
        "progress",
        "error_short",
        "downloads",
    ]
    list_filter = ["kind", "status", "requested_at", RequestedByFilter]
    date_hierarchy = "requested_at"
    readonly_fields = [
        "kind",
        "filters_display",
        "requested_by",
        "requested_at",
        "status",
        "rows_written",
        "rows_total",
        "started_at",
        "finished_at",
        "error",
        "downloads",
    ]
    exclude = ["csv_file", "xlsx_file", "filters"]
    actions = ["retry_reports"]

    def get_urls(self):
        return [
            path(
                "request/",
                self.admin_site.admin_view(self.request_view),
                name="observers_eligibilityreport_request",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:observers_eligibilityreport_request")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def request_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ReportRequestForm(
            request.POST or None,
            may_see_screening=request.user.has_perm("screening.view_possiblematch"),
        )
        if request.method == "POST" and form.is_valid():
            report = services.report_request(
                kind=form.cleaned_data["kind"], filters=form.filters(), actor=request.user
            )
            messages.success(
                request,
                _("Report #%(id)s is being built; you will get an email when it is ready.")
                % {"id": report.pk},
            )
            return redirect("admin:observers_eligibilityreport_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "opts": self.model._meta,
            "title": _("Request an eligibility report"),
        }
        return TemplateResponse(request, "admin/observers/eligibilityreport/request.html", context)

    @admin.display(description=_("filters"))
    def filters_display(self, obj: EligibilityReport) -> str:
        """The filters as the request form named them (they are stored as codes)."""
        filters = obj.filters or {}
        parts = []
        statuses = [s for s in filters.get("statuses") or [] if s in ApplicationStatus.values]
        if statuses:
            labels = ", ".join(str(ApplicationStatus(status).label) for status in statuses)
            parts.append(_("application states: %(states)s") % {"states": labels})
        if filters.get("date_from"):
            parts.append(_("started from %(date)s") % {"date": filters["date_from"]})
        if filters.get("date_to"):
            parts.append(_("started until %(date)s") % {"date": filters["date_to"]})
        if filters.get("version_id"):
            parts.append(_("list version #%(id)s") % {"id": filters["version_id"]})
        if filters.get("status") in PossibleMatch.Status.values:
            parts.append(str(PossibleMatch.Status(filters["status"]).label))
        return "; ".join(parts) or "—"

    @admin.display(description=_("progress"))
    def progress(self, obj: EligibilityReport) -> str:
        percent = obj.progress_percent
        if percent is None:
            return f"{obj.rows_written}"
        return f"{obj.rows_written} / {obj.rows_total or '?'} ({percent} %)"

    @admin.display(description=_("error"))
    def error_short(self, obj: EligibilityReport) -> str:
        return obj.error[:120]

    @admin.display(description=_("files"))
    def downloads(self, obj: EligibilityReport) -> str:
        if obj.status != ReportStatus.DONE:
            return "—"
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            (
                (reverse("observers:report_download", args=[obj.pk, fmt]), fmt.upper())
                for fmt in ("csv", "xlsx")
            ),
        )

    @admin.action(description=_("Retry the selected reports"), permissions=["add"])
    def retry_reports(self, request, queryset):
        retried = 0
        for report in queryset.exclude(status=ReportStatus.DONE):
            try:
                services.report_retry(report=report, actor=request.user)
                retried += 1
            except ValidationError as error:
                messages.error(request, "; ".join(error.messages))
        messages.success(request, _("%(count)s report(s) queued again.") % {"count": retried})
