import datetime
import io
import time

import pytest
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from openpyxl import load_workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from iomcso.core.models import OutboxMessage
from observers import services
from observers.models import (
    Criterion,
    EligibilityReport,
    ObserverApplication,
    ReportKind,
    ReportStatus,
)
from observers.tasks import (
    build_eligibility_report_task,
    request_monthly_reports_task,
    send_observer_reminders_task,
)
from partners.choices import EcosocStatus, Level
from tests.observers.factories import (
    InternationalNgoFactory,
    applicant,
    application_under_review,
    assess_all,
    draft_application,
    ecosoc_letter,
    reviewer,
)
from tests.partners.factories import (
    CooperationRecordFactory,
    OrganizationFactory,
    VerifiedOrganizationFactory,
)


def _wait_for(report: EligibilityReport, timeout: float = 60) -> EligibilityReport:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in (ReportStatus.DONE, ReportStatus.FAILED):
            return report
        time.sleep(0.2)
    raise AssertionError(f"report {report.pk} still {report.status}")


@pytest.mark.worker
def test_a_real_worker_builds_a_registry_screening_whose_xlsx_matches_the_registry(celery_worker):
    staff = reviewer(language="en")
    international = InternationalNgoFactory(name="Alpha International")
    ecosoc_letter(international)
    CooperationRecordFactory(organization=international, end_date=datetime.date(2024, 5, 1))
    VerifiedOrganizationFactory(
        name="Beta Local Aid", level=Level.NATIONAL, countries_of_operation=["KE"]
    )
    VerifiedOrganizationFactory(
        name="Gamma Network",
        level=Level.LOCAL,
        countries_of_operation=["KE", "UG"],
        ecosoc_status=EcosocStatus.ROSTER,
    )
    OrganizationFactory(name="Delta Pending", level=Level.GLOBAL)  # not verified: not screened
    admin = applicant()[1]  # a fourth verified organization, with an assessed application
    assessed_organization = admin.organization_memberships.get().organization
    application = application_under_review(assessed_organization, admin, staff)
    assess_all(application, staff, "met")

    report = services.report_request(kind=ReportKind.REGISTRY_SCREENING, filters={}, actor=staff)
    report = _wait_for(report)

    assert report.status == ReportStatus.DONE, report.error
    assert report.rows_written == 4
    with report.xlsx_file.open("rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()), read_only=True)
    sheet = workbook.active
    assert isinstance(sheet, ReadOnlyWorksheet)
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    by_name = {str(row[1]): dict(zip(header, row, strict=True)) for row in body}
    assert set(by_name) == {
        "Alpha International",
        "Beta Local Aid",
        "Gamma Network",
        assessed_organization.name,
    }
    assert [row[1] for row in body] == sorted(by_name)
    alpha, beta, gamma = (
        by_name["Alpha International"],
        by_name["Beta Local Aid"],
        by_name["Gamma Network"],
    )
    assert alpha["international: registry"] == "met"
    assert alpha["ecosoc: registry"] == "met"
    assert alpha["cooperation_history: registry"] == "met"
    assert "2024" in str(alpha["cooperation_history: evidence"])
    assert beta["international: registry"] == "not_met"
    assert beta["ecosoc: registry"] == "not_met"
    assert beta["cooperation_history: registry"] == "not_met"
    assert gamma["international: registry"] == "met"  # local, but works in two countries
    assert gamma["ecosoc: registry"] == "unclear"  # roster status, no letter on file
    assert alpha["principal_activity: registry"] == "unclear"
    assessed = by_name[assessed_organization.name]
    assert assessed["ecosoc: reviewer assessment"] == f"met ({staff.email})"
    with report.csv_file.open("rb") as handle:
        csv_lines = handle.read().decode("utf-8-sig").splitlines()
    assert len(csv_lines) == 5
    link_email = OutboxMessage.objects.filter(to=[staff.email], template="observers/report_ready")
    assert link_email.count() == 1
    assert f"/en/observers/staff/reports/{report.pk}/xlsx/" in link_email.get().body_text


@pytest.mark.django_db
def test_running_the_report_task_twice_builds_it_once(run_on_commit):
    staff = reviewer()
    VerifiedOrganizationFactory()
    report = EligibilityReport.objects.create(
        kind=ReportKind.REGISTRY_SCREENING, requested_by=staff
    )

    with run_on_commit():
        first = build_eligibility_report_task.run(report_id=report.pk)
        second = build_eligibility_report_task.run(report_id=report.pk)

    report.refresh_from_db()
    assert (first, second) == (True, False)
    assert report.status == ReportStatus.DONE
    assert OutboxMessage.objects.filter(template="observers/report_ready").count() == 1


@pytest.mark.django_db
def test_a_report_left_running_by_a_dead_worker_is_rebuilt_on_redelivery(run_on_commit):
    staff = reviewer()
    VerifiedOrganizationFactory()
    long_ago = timezone.now() - datetime.timedelta(
        seconds=services.REPORT_BUILD_TIME_LIMIT_SECONDS + 60
    )
    abandoned = EligibilityReport.objects.create(
        kind=ReportKind.REGISTRY_SCREENING,
        requested_by=staff,
        status=ReportStatus.RUNNING,
        started_at=long_ago,
    )
    in_progress = EligibilityReport.objects.create(
        kind=ReportKind.REGISTRY_SCREENING,
        requested_by=staff,
        status=ReportStatus.RUNNING,
        started_at=timezone.now(),
    )

    with run_on_commit():
        rebuilt = build_eligibility_report_task.run(report_id=abandoned.pk)
        left_alone = build_eligibility_report_task.run(report_id=in_progress.pk)

    abandoned.refresh_from_db()
    in_progress.refresh_from_db()
    assert (rebuilt, left_alone) == (True, False)
    assert abandoned.status == ReportStatus.DONE
    assert in_progress.status == ReportStatus.RUNNING


@pytest.mark.django_db
def test_a_failed_report_shows_its_error_and_can_be_retried(monkeypatch, run_on_commit):
    staff = reviewer()
    VerifiedOrganizationFactory()
    report = EligibilityReport.objects.create(
        kind=ReportKind.REGISTRY_SCREENING, requested_by=staff
    )

    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("observers.services.reports.report_write", broken)
    build_eligibility_report_task.run(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "disk full" in report.error

    monkeypatch.undo()
    services.report_retry(report=report, actor=staff)
    build_eligibility_report_task.run(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.error == ""


@pytest.mark.django_db
def test_the_applications_report_filters_by_state_and_period():
    staff = reviewer()
    organization, admin = applicant()
    under_review = application_under_review(organization, admin, staff)
    other_organization, other_admin = applicant()
    draft_application(other_organization, other_admin)
    report = EligibilityReport.objects.create(
        kind=ReportKind.APPLICATIONS,
        filters={"statuses": ["under_review"], "date_from": timezone.localdate().isoformat()},
        requested_by=staff,
    )

    services.report_build(report_id=report.pk)

    report.refresh_from_db()
    with report.csv_file.open("rb") as handle:
        lines = handle.read().decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    assert str(under_review.pk) in lines[1]
    assert "under_review" in lines[1]


@pytest.mark.django_db
def test_the_monthly_report_is_scheduled_in_beat_and_asked_for_once_a_month(run_on_commit):
    schedule = PeriodicTask.objects.get(task="observers.tasks.request_monthly_reports_task")
    assert schedule.enabled
    assert schedule.crontab.day_of_month == "1"

    with run_on_commit():
        first = request_monthly_reports_task.run()
        second = request_monthly_reports_task.run()

    assert (first, second) == (2, 0)
    assert EligibilityReport.objects.count() == 2


@pytest.mark.django_db
def test_reminders_go_out_once_per_period_even_when_the_task_runs_twice(
    run_on_commit, deliver_outbox
):
    staff = reviewer()
    idle_organization, idle_admin = applicant()
    idle = draft_application(idle_organization, idle_admin, statements=False)
    asked_organization, asked_admin = applicant()
    asked = application_under_review(asked_organization, asked_admin, staff)
    services.application_request_information(application=asked, actor=staff, comment="Statutes?")
    waiting_organization, waiting_admin = applicant()
    waiting = draft_application(waiting_organization, waiting_admin)
    services.application_submit(application=waiting, actor=waiting_admin)
    fresh_organization, fresh_admin = applicant()
    draft_application(fresh_organization, fresh_admin, statements=False)
    long_ago = timezone.now() - datetime.timedelta(days=31)
    ObserverApplication.objects.filter(pk=idle.pk).update(updated_at=long_ago)
    ObserverApplication.objects.filter(pk__in=[asked.pk, waiting.pk]).update(
        status_changed_at=long_ago
    )
    deliver_outbox()
    mail.outbox.clear()

    with run_on_commit():
        first = send_observer_reminders_task.run()
        second = send_observer_reminders_task.run()
    deliver_outbox()

    assert (first, second) == (3, 0)
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([idle_admin.email, asked_admin.email, staff.email])
    assert fresh_admin.email not in recipients
    body = next(m.body for m in mail.outbox if m.to == [asked_admin.email])
    assert "Statutes?" in body


def test_criteria_codes_are_the_five_of_the_council():
    assert [criterion.value for criterion in Criterion] == [
        "principal_activity",
        "constitution",
        "cooperation_history",
        "international",
        "ecosoc",
    ]


@pytest.mark.django_db
def test_partner_text_never_becomes_a_formula_or_breaks_the_xlsx():
    staff = reviewer()
    VerifiedOrganizationFactory(name='=HYPERLINK("http://evil.example","x")', acronym="Bad\x07Org")
    report = EligibilityReport.objects.create(
        kind=ReportKind.REGISTRY_SCREENING, requested_by=staff
    )

    services.report_build(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    with report.xlsx_file.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    assert isinstance(sheet, Worksheet)
    assert sheet["B2"].data_type == "s"
    assert sheet["B2"].value.startswith("'=HYPERLINK")
    assert sheet["C2"].value == "BadOrg"
