"""Observer status API endpoints (wired under /api/v1/ in iomcso/urls.py).

Public: current observers and Council sessions. Staff tokens (with the Observer
reviewer's or read-only viewer's permissions): applications with their states and
history, and eligibility reports.
"""

from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from iomcso.core.models import TransitionLog
from partners.api.base import ConditionalDetailMixin
from partners.api.pagination import cursor_pagination
from partners.api.permissions import StaffToken

from . import selectors
from .models import (
    ApplicationStatus,
    CouncilSession,
    EligibilityReport,
    Observer,
    ObserverApplication,
    ReportKind,
    ReportStatus,
)


class CouncilSessionSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="__str__")

    class Meta:
        model = CouncilSession
        fields = ["number", "title", "starts_on", "ends_on", "place"]


class ObserverSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.name")
    organization_slug = serializers.SerializerMethodField(
        help_text="Slug in the directory; null when the organization is not listed there."
    )
    headquarters_country = serializers.CharField(source="organization.headquarters_country")
    session = CouncilSessionSerializer()

    class Meta:
        model = Observer
        fields = ["organization", "organization_slug", "headquarters_country", "since", "session"]

    def get_organization_slug(self, observer: Observer) -> str | None:
        return observer.organization.slug if observer.organization.is_verified else None


class TransitionSerializer(serializers.ModelSerializer):
    from_status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    to_status = serializers.ChoiceField(choices=ApplicationStatus.choices)

    class Meta:
        model = TransitionLog
        fields = ["from_status", "to_status", "comment", "created_at"]


class ApplicationSerializer(serializers.ModelSerializer):
    organization_id = serializers.IntegerField()
    organization = serializers.CharField(source="organization.name")
    status = serializers.ChoiceField(choices=ApplicationStatus.choices)

    class Meta:
        model = ObserverApplication
        fields = [
            "id",
            "organization_id",
            "organization",
            "status",
            "created_at",
            "submitted_at",
            "status_changed_at",
        ]


class ApplicationDetailSerializer(ApplicationSerializer):
    transitions = TransitionSerializer(many=True)
    information_request = serializers.CharField()

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "information_request", "transitions"]


class ReportSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    csv_url = serializers.SerializerMethodField()
    xlsx_url = serializers.SerializerMethodField()

    class Meta:
        model = EligibilityReport
        fields = [
            "id",
            "kind",
            "filters",
            "status",
            "requested_at",
            "finished_at",
            "rows_written",
            "csv_url",
            "xlsx_url",
        ]

    def _url(self, report: EligibilityReport, file_format: str, present: bool) -> str | None:
        if not present:
            return None
        url = reverse(
            "observers:report_download", kwargs={"pk": report.pk, "file_format": file_format}
        )
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_csv_url(self, report: EligibilityReport) -> str | None:
        return self._url(report, "csv", bool(report.csv_file))

    def get_xlsx_url(self, report: EligibilityReport) -> str | None:
        return self._url(report, "xlsx", bool(report.xlsx_file))


@extend_schema(tags=["public"])
class ObserverList(generics.ListAPIView):
    """Organizations that hold Observer status at the IOM Council now."""

    serializer_class = ObserverSerializer
    permission_classes = [AllowAny]
    pagination_class = cursor_pagination("pk")

    def get_queryset(self):
        return selectors.current_observers()


@extend_schema(tags=["public"])
class CouncilSessionList(generics.ListAPIView):
    """Sessions of the IOM Council, latest first."""

    serializer_class = CouncilSessionSerializer
    permission_classes = [AllowAny]
    pagination_class = cursor_pagination("-starts_on", "pk")

    def get_queryset(self):
        return selectors.council_sessions()


@extend_schema(tags=["staff"])
class ApplicationList(generics.ListAPIView):
    """Observer-status applications and their states (drafts included)."""

    serializer_class = ApplicationSerializer
    permission_classes = [StaffToken]
    staff_permissions = ("observers.view_observerapplication",)
    pagination_class = cursor_pagination("-created_at", "pk")

    def get_queryset(self):
        return selectors.observer_applications(status=self.request.query_params.get("status"))


@extend_schema(tags=["staff"], responses=ApplicationDetailSerializer)
class ApplicationDetail(ConditionalDetailMixin, APIView):
    permission_classes = [StaffToken]
    staff_permissions = ("observers.view_observerapplication",)

    def get(self, request: Request, application_id: int) -> Response:
        application = selectors.observer_application_with_history(application_id=application_id)
        self.last_modified = application.updated_at
        return Response(ApplicationDetailSerializer(application).data)


@extend_schema(tags=["staff"])
class ReportList(generics.ListAPIView):
    """Eligibility reports staff asked for, with links to their files when ready."""

    serializer_class = ReportSerializer
    permission_classes = [StaffToken]
    staff_permissions = ("observers.view_eligibilityreport",)
    pagination_class = cursor_pagination("-requested_at", "pk")

    def get_queryset(self):
        return selectors.eligibility_reports()


@extend_schema(tags=["staff"], responses=ReportSerializer)
class ReportDetail(ConditionalDetailMixin, APIView):
    permission_classes = [StaffToken]
    staff_permissions = ("observers.view_eligibilityreport",)

    def get(self, request: Request, report_id: int) -> Response:
        report = selectors.eligibility_report(report_id=report_id)
        return Response(ReportSerializer(report, context={"request": request}).data)


urlpatterns = [
    path("observers/", ObserverList.as_view(), name="api-observer-list"),
    path("council-sessions/", CouncilSessionList.as_view(), name="api-council-session-list"),
    path(
        "staff/observer-applications/",
        ApplicationList.as_view(),
        name="api-staff-application-list",
    ),
    path(
        "staff/observer-applications/<int:application_id>/",
        ApplicationDetail.as_view(),
        name="api-staff-application",
    ),
    path("staff/eligibility-reports/", ReportList.as_view(), name="api-staff-report-list"),
    path(
        "staff/eligibility-reports/<int:report_id>/",
        ReportDetail.as_view(),
        name="api-staff-report",
    ),
]
