"""Eligibility reports: requested by staff, built by a task into a private file."""

import csv
import logging
import tempfile
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from iomcso.core.models import ReminderLog
from iomcso.core.services import email_queue

from .. import selectors
from ..models import (
    EligibilityReport,
    ReportKind,
    ReportStatus,
)
from .workflow import _url

logger = logging.getLogger(__name__)


@transaction.atomic
def report_request(*, kind: str, filters: dict | None = None, actor) -> EligibilityReport:
    """Record a report request and build it in Celery after commit."""
    # A cycle: the tasks module calls these services.
    from ..tasks import build_eligibility_report_task

    report = EligibilityReport(kind=kind, filters=filters or {}, requested_by=actor)
    report.full_clean()
    report.save()
    transaction.on_commit(lambda: _enqueue(build_eligibility_report_task, report_id=report.pk))
    return report


def _enqueue(task, **kwargs) -> None:
    try:
        task.apply_async(kwargs=kwargs, retry=False)
    except Exception:  # noqa: BLE001 - a broker outage: staff see "waiting" and can retry
        logger.warning("could not enqueue %s %s", task.name, kwargs)


@transaction.atomic
def report_retry(*, report: EligibilityReport, actor) -> EligibilityReport:
    """Queue a failed (or stuck) report again.

    A report a worker is still building is refused: queued again it would be built twice at
    once (two sets of files, two emails). Once the build's time limit has passed it is stuck.
    """
    # A cycle: the tasks module calls these services.
    from ..tasks import build_eligibility_report_task

    report = EligibilityReport.objects.select_for_update().get(pk=report.pk)
    if report.status == ReportStatus.DONE:
        raise ValidationError(_("This report is ready; there is nothing to retry."), code="done")
    if report.status == ReportStatus.RUNNING and not _report_abandoned(report):
        raise ValidationError(
            _("Report #%(id)s is being built; you will get an email when it is ready.")
            % {"id": report.pk},
            code="running",
        )
    report.status = ReportStatus.PENDING
    report.error = ""
    report.rows_written = 0
    report.save(update_fields=["status", "error", "rows_written"])
    transaction.on_commit(lambda: _enqueue(build_eligibility_report_task, report_id=report.pk))
    return report


class _ProgressWriter:
    """Writes progress through its own connection, so staff see it while the build's
    transaction is still open (a named cursor needs one)."""

    def __init__(self, report_id: int, every: int = 5000):
        self.report_id = report_id
        self.every = every
        self.connection: BaseDatabaseWrapper | None = None

    def __call__(self, rows: int) -> None:
        if rows % self.every:
            return
        try:
            if self.connection is None:
                self.connection = connections.create_connection("default")
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE observers_eligibilityreport SET rows_written = %s WHERE id = %s",
                    [rows, self.report_id],
                )
        except Exception:  # noqa: BLE001 - progress is a courtesy, never a failure
            logger.warning("report %s: progress not recorded", self.report_id)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def report_write(
    *, report: EligibilityReport, csv_path: str | None, xlsx_path: str | None, progress=None
) -> int:
    """Stream the report's rows once into a CSV and/or a write-only XLSX; returns the row count.

    Memory holds one cursor chunk and openpyxl's current row: it does not grow with rows.
    """

    header = selectors.report_header(report=report)
    csv_handle = open(csv_path, "w", newline="", encoding="utf-8-sig") if csv_path else None  # noqa: SIM115
    writer = csv.writer(csv_handle) if csv_handle else None
    workbook = sheet = None
    if xlsx_path:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=str(report.get_kind_display())[:31])
        sheet.append(header)
    if writer:
        writer.writerow(header)
    count = 0
    try:
        with transaction.atomic():
            for row in selectors.report_rows(report=report):
                if writer:
                    writer.writerow(row)
                if sheet is not None:
                    # Rows arrive neutralised (control characters out, formulas as text).
                    sheet.append(row)
                count += 1
                if progress:
                    progress(count)
        if workbook is not None and xlsx_path:
            workbook.save(xlsx_path)
    finally:
        if csv_handle:
            csv_handle.close()
    return count


# The build task's hard time limit: a report still "running" after it lost its worker
# (the limit would have ended a live build), so a redelivered task may build it again.
REPORT_BUILD_TIME_LIMIT_SECONDS = 1900


def report_build(*, report_id: int) -> bool:
    """Build a requested report; a report already built is left alone (safe to run twice).

    A failure is recorded on the report (staff see the error and can retry), never lost.
    A report left "running" by a worker that died is rebuilt when the broker redelivers
    the task, once the build's time limit has passed.
    """
    with transaction.atomic():
        report = (
            EligibilityReport.objects.select_for_update(skip_locked=True)
            .filter(pk=report_id)
            .first()
        )
        if report is None or report.status == ReportStatus.DONE:
            return False
        if report.status == ReportStatus.RUNNING and not _report_abandoned(report):
            return False
        report.status = ReportStatus.RUNNING
        report.started_at = timezone.now()
        report.rows_written = 0
        report.error = ""
        report.save(update_fields=["status", "started_at", "rows_written", "error"])
    progress = _ProgressWriter(report.pk)
    try:
        report.rows_total = selectors.report_row_estimate(report=report)
        report.save(update_fields=["rows_total"])
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        base = f"{report.kind}-{report.pk}-{stamp}"
        with tempfile.TemporaryDirectory() as folder:
            csv_path, xlsx_path = f"{folder}/{base}.csv", f"{folder}/{base}.xlsx"
            with translation.override(_requester_language(report)):
                rows = report_write(
                    report=report, csv_path=csv_path, xlsx_path=xlsx_path, progress=progress
                )
            with open(csv_path, "rb") as handle:
                report.csv_file.save(f"{base}.csv", File(handle), save=False)
            with open(xlsx_path, "rb") as handle:
                report.xlsx_file.save(f"{base}.xlsx", File(handle), save=False)
    except Exception as error:
        logger.exception("eligibility report %s failed", report.pk)
        report_fail(report=report, error=f"{type(error).__name__}: {error}")
        return False
    finally:
        progress.close()
    report_complete(report=report, rows=rows)
    return True


def _report_abandoned(report: EligibilityReport) -> bool:
    limit = timedelta(seconds=REPORT_BUILD_TIME_LIMIT_SECONDS)
    return report.started_at is None or report.started_at < timezone.now() - limit


def _requester_language(report: EligibilityReport) -> str:
    return getattr(report.requested_by, "language", None) or settings.LANGUAGE_CODE


@transaction.atomic
def report_complete(*, report: EligibilityReport, rows: int) -> EligibilityReport:
    report.status = ReportStatus.DONE
    report.rows_written = rows
    report.rows_total = rows
    report.finished_at = timezone.now()
    report.save()
    recipients = [report.requested_by] if report.requested_by else selectors.reviewer_recipients()
    for user in recipients:
        email_queue(
            to=user.email,
            template="observers/report_ready",
            context={
                "report_kind": ReportKind(report.kind).label,
                "rows": rows,
                "csv_url": _url(
                    "observers:report_download", user.language, pk=report.pk, file_format="csv"
                ),
                "xlsx_url": _url(
                    "observers:report_download", user.language, pk=report.pk, file_format="xlsx"
                ),
            },
            language=user.language,
        )
    return report


@transaction.atomic
def report_fail(*, report: EligibilityReport, error: str) -> EligibilityReport:
    report.status = ReportStatus.FAILED
    report.error = error[:4000]
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "error", "finished_at"])
    return report


def monthly_reports_request(*, today: date) -> list[EligibilityReport]:
    """The monthly pair (last month's applications, today's registry screening), once a month.

    The request itself is guarded by the reminder log's unique row, so a beat tick delivered
    twice asks for the reports once.
    """
    first_of_month = today.replace(day=1)
    last_month_end = first_of_month - timedelta(days=1)
    period = last_month_end.strftime("%Y-%m")

    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                kind="observer_monthly_report",
                recipient="reports@iomcso.invalid",
                subject_key="observers:monthly",
                period=period,
            )
            return [
                report_request(
                    kind=ReportKind.APPLICATIONS,
                    filters={
                        "date_from": last_month_end.replace(day=1).isoformat(),
                        "date_to": last_month_end.isoformat(),
                    },
                    actor=None,
                ),
                report_request(kind=ReportKind.REGISTRY_SCREENING, filters={}, actor=None),
            ]
    except IntegrityError:
        return []
