"""A report build stopped by Celery's soft time limit in the middle of a query is recorded
as failed (staff see it and can retry), not left "running" by a connection that refused
the failure's own update ("another command is already in progress")."""

from django.db import connection

from observers import services
from observers.models import EligibilityReport, ReportKind, ReportStatus
from tests.factories import StaffUserFactory
from tests.time_limits import soft_time_limit


def test_a_build_stopped_by_the_soft_time_limit_mid_query_is_recorded_as_failed(
    transactional_db, monkeypatch
):
    report = EligibilityReport.objects.create(
        kind=ReportKind.APPLICATIONS, requested_by=StaffUserFactory()
    )

    def estimate_until_the_time_limit(*, report):
        with soft_time_limit(0.3), connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(10)")

    monkeypatch.setattr(
        services.reports.selectors, "report_row_estimate", estimate_until_the_time_limit
    )

    assert services.report_build(report_id=report.pk) is False

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error.startswith("SoftTimeLimitExceeded")
