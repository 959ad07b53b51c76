import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from iomcso.core.roles import OBSERVER_REVIEWER, READ_ONLY_VIEWER
from observers.demo import load_demo_data
from observers.models import (
    CouncilSession,
    EligibilityReport,
    Observer,
    ObserverApplication,
    ReportKind,
    ReportStatus,
)
from partners.choices import ObservationSeverity
from tests.factories import SuperUserFactory
from tests.observers.factories import applicant, draft_application, reviewer
from tests.partners.factories import StaffObservationFactory

pytestmark = pytest.mark.django_db


def test_staff_request_a_report_from_the_admin_and_it_is_queued_with_its_filters(client):
    staff = reviewer()
    client.force_login(staff)
    url = reverse("admin:observers_eligibilityreport_request")

    page = client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count("<h1") == 1  # the admin prints the title once
    response = client.post(
        url, {"kind": "applications", "statuses": ["under_review"], "date_from": "2026-01-01"}
    )

    assert response.status_code == 302
    report = EligibilityReport.objects.get()
    assert report.requested_by == staff
    assert report.filters["statuses"] == ["under_review"]
    assert report.filters["date_from"] == "2026-01-01"
    changelist = client.get(reverse("admin:observers_eligibilityreport_changelist"))
    # The filters read as the form named them, not as the stored codes.
    assert "application states: Under review; started from 2026-01-01" in (
        changelist.content.decode()
    )


def test_the_retry_action_queues_a_failed_report_again(client):
    staff = reviewer()
    report = EligibilityReport.objects.create(
        kind=ReportKind.REGISTRY_SCREENING, requested_by=staff
    )
    EligibilityReport.objects.filter(pk=report.pk).update(status="failed", error="boom")
    client.force_login(staff)

    client.post(
        reverse("admin:observers_eligibilityreport_changelist"),
        {"action": "retry_reports", "_selected_action": [report.pk]},
    )

    report.refresh_from_db()
    assert report.status == ReportStatus.PENDING
    assert report.error == ""


def test_the_retry_action_leaves_a_report_being_built_alone(
    client, django_capture_on_commit_callbacks
):
    staff = reviewer()
    started_at = timezone.now()
    report = EligibilityReport.objects.create(
        kind=ReportKind.REGISTRY_SCREENING,
        requested_by=staff,
        status=ReportStatus.RUNNING,
        started_at=started_at,
        rows_written=5000,
    )
    client.force_login(staff)

    with django_capture_on_commit_callbacks() as queued:
        response = client.post(
            reverse("admin:observers_eligibilityreport_changelist"),
            {"action": "retry_reports", "_selected_action": [report.pk]},
            follow=True,
        )

    report.refresh_from_db()
    assert report.status == ReportStatus.RUNNING
    assert report.rows_written == 5000
    assert queued == []
    assert f"Report #{report.pk} is being built" in response.content.decode()


def test_each_role_gets_what_it_needs_and_no_more():
    reviewer_permissions = set(
        Group.objects.get(name=OBSERVER_REVIEWER).permissions.values_list("codename", flat=True)
    )
    viewer_permissions = set(
        Group.objects.get(name=READ_ONLY_VIEWER).permissions.values_list("codename", flat=True)
    )

    assert {
        "add_assessment",
        "add_councildecision",
        "add_eligibilityreport",
    } <= reviewer_permissions
    assert "view_eligibilityreport" in viewer_permissions
    assert not any(
        code.startswith(("add_", "change_"))
        for code in viewer_permissions
        if "observer" in code or code.endswith(("assessment", "report", "decision"))
    )


def test_admin_changelists_of_observer_status_load(client):
    client.force_login(SuperUserFactory())
    for model in (
        "observerapplication",
        "councilsession",
        "councildecision",
        "observer",
        "sessiondelegate",
        "eligibilityreport",
    ):
        assert client.get(reverse(f"admin:observers_{model}_changelist")).status_code == 200


def test_demo_data_loads_and_a_second_run_changes_nothing():
    first = load_demo_data()
    counts = (
        CouncilSession.objects.count(),
        Observer.objects.count(),
        ObserverApplication.objects.count(),
    )

    second = load_demo_data()

    assert "application under review" in first
    assert second == "nothing new"
    # Council sessions every year since 2015 (the demo's history), three observers, and one
    # application still under review when there is no other organization to apply.
    assert counts[0] >= 3
    assert counts[1:] == (3, 1)
    assert (
        CouncilSession.objects.count(),
        Observer.objects.count(),
        ObserverApplication.objects.count(),
    ) == counts
    assert ObserverApplication.objects.get().status == "under_review"


def test_the_applications_changelist_flags_serious_concerns_with_one_query_for_all_rows(client):
    client.force_login(SuperUserFactory())
    url = reverse("admin:observers_observerapplication_changelist")
    concerned, admin = applicant(name="Concerned Org")
    draft_application(concerned, admin, statements=False)
    StaffObservationFactory(organization=concerned, severity=ObservationSeverity.SERIOUS)
    client.get(url)  # a staff session's first request renews its expiry (a write)
    with CaptureQueriesContext(connection) as one_row:
        client.get(url)
    for _ in range(3):
        draft_application(*applicant(), statements=False)

    with CaptureQueriesContext(connection) as four_rows:
        content = client.get(url).content.decode()

    assert len(four_rows) == len(one_row)
    assert content.count("icon-yes.svg") == 1
    assert content.count("icon-no.svg") == 3
