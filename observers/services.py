"""Every write of observer status: applications and their transitions, assessments,
Council decisions, observers, delegates, eligibility reports and reminders.

Only the transition functions below change an application's ``status``. Each one checks
the current state against ``ALLOWED_TRANSITIONS``, raises ``InvalidTransition`` (and
changes nothing) when the move is not allowed, records who/when/why in
``ApplicationTransition`` and queues the emails to the applicant and the reviewers in the
same transaction (the outbox delivers them after commit).
"""

import csv
import logging
import tempfile
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from iomcso.core.services import email_queue, reminder_send_once
from partners.choices import DocumentKind
from partners.models import CooperationRecord, Organization, OrganizationDocument
from partners.portal.services import document_upload

from . import selectors
from .models import (
    ApplicationStatus,
    ApplicationTransition,
    Assessment,
    CouncilDecision,
    CouncilSession,
    Criterion,
    CriterionStatement,
    EligibilityReport,
    Observer,
    ObserverApplication,
    Outcome,
    ReportKind,
    ReportStatus,
    SessionDelegate,
)

logger = logging.getLogger(__name__)

S = ApplicationStatus
BEFORE_DECISION = frozenset(
    {
        S.DRAFT,
        S.SUBMITTED,
        S.UNDER_REVIEW,
        S.INFORMATION_REQUESTED,
        S.RESUBMITTED,
        S.RECOMMENDED,
        S.NOT_RECOMMENDED,
    }
)

# verb -> (states it may start from, state it leads to). The one map of the workflow.
ALLOWED_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({S.DRAFT}), S.SUBMITTED),
    "start_review": (frozenset({S.SUBMITTED, S.RESUBMITTED}), S.UNDER_REVIEW),
    "request_information": (frozenset({S.UNDER_REVIEW}), S.INFORMATION_REQUESTED),
    "resubmit": (frozenset({S.INFORMATION_REQUESTED}), S.RESUBMITTED),
    "recommend": (frozenset({S.UNDER_REVIEW}), S.RECOMMENDED),
    "not_recommend": (frozenset({S.UNDER_REVIEW}), S.NOT_RECOMMENDED),
    "grant": (frozenset({S.RECOMMENDED, S.NOT_RECOMMENDED}), S.GRANTED),
    "decline": (frozenset({S.RECOMMENDED, S.NOT_RECOMMENDED}), S.DECLINED),
    "withdraw": (BEFORE_DECISION, S.WITHDRAWN),
}

# What each email says happened, in the recipient's language (lazy: rendered under override).
TRANSITION_MESSAGES = {
    "submit": _("The application has been submitted to IOM."),
    "start_review": _("IOM has started reviewing the application."),
    "request_information": _("IOM has asked for more information on the application."),
    "resubmit": _("The applicant has answered IOM's request for information."),
    "recommend": _("IOM has recommended the application to the Council."),
    "not_recommend": _("IOM has not recommended the application to the Council."),
    "grant": _("The IOM Council has granted Observer status."),
    "decline": _("The IOM Council has declined the application."),
    "withdraw": _("The application has been withdrawn."),
}


class InvalidTransition(ValidationError):
    """A state change that the workflow does not allow from the current state."""


def _url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _notify(*, application: ObserverApplication, verb: str, comment: str) -> None:
    """Queue one email per person, in each person's language: applicant side, then reviewers."""
    message = TRANSITION_MESSAGES[verb]
    for user in selectors.applicant_recipients(application=application):
        email_queue(
            to=user.email,
            template="observers/application_status_applicant",
            context={
                "application": application,
                "organization_name": application.organization.name,
                "message": message,
                "status": ApplicationStatus(application.status).label,
                "comment": comment,
                "url": _url("observers:application_detail", user.language, pk=application.pk),
            },
            language=user.language,
        )
    for user in selectors.reviewer_recipients():
        email_queue(
            to=user.email,
            template="observers/application_status_reviewer",
            context={
                "application": application,
                "organization_name": application.organization.name,
                "message": message,
                "status": ApplicationStatus(application.status).label,
                "comment": comment,
                "url": _url("observers:review_detail", user.language, pk=application.pk),
            },
            language=user.language,
        )


def _transition(
    *, application: ObserverApplication, verb: str, actor, comment: str = ""
) -> ObserverApplication:
    """Move the (locked) application along ``verb``; the single place that assigns status."""
    sources, target = ALLOWED_TRANSITIONS[verb]
    locked = ObserverApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status not in sources:
        raise InvalidTransition(
            _("An application that is “%(status)s” cannot be moved to “%(target)s”."),
            code="invalid_transition",
            params={
                "status": locked.get_status_display(),
                "target": ApplicationStatus(target).label,
            },
        )
    previous = locked.status
    now = timezone.now()
    locked.status = target
    locked.status_changed_at = now
    if verb == "submit":
        locked.submitted_at = now
    if verb == "request_information":
        locked.information_request = comment
    locked.full_clean()
    locked.save()
    ApplicationTransition.objects.create(
        application=locked, from_status=previous, to_status=target, actor=actor, comment=comment
    )
    _notify(application=locked, verb=verb, comment=comment)
    application.__dict__.update(
        {
            k: getattr(locked, k)
            for k in (
                "status",
                "status_changed_at",
                "submitted_at",
                "information_request",
                "updated_at",
            )
        }
    )
    return locked


# --- Applications ----------------------------------------------------------------------


@transaction.atomic
def application_start(*, organization: Organization, actor) -> ObserverApplication:
    """Open a draft with an empty statement per criterion. At most one application in progress."""
    if not organization.is_verified:
        raise ValidationError(
            _("Only verified organizations can apply for Observer status."), code="not_verified"
        )
    if selectors.current_observer(organization=organization) is not None:
        raise ValidationError(
            _("This organization already holds Observer status."), code="already_observer"
        )
    if selectors.application_in_progress(organization=organization) is not None:
        raise ValidationError(
            _("This organization already has an Observer-status application in progress."),
            code="in_progress",
        )
    application = ObserverApplication(organization=organization, created_by=actor)
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:  # a concurrent start won the race: the constraint holds
        raise ValidationError(
            _("This organization already has an Observer-status application in progress."),
            code="in_progress",
        ) from error
    CriterionStatement.objects.bulk_create(
        CriterionStatement(application=application, criterion=criterion) for criterion in Criterion
    )
    ApplicationTransition.objects.create(
        application=application, from_status="", to_status=S.DRAFT, actor=actor, comment=""
    )
    return application


@transaction.atomic
def statement_save(
    *,
    application: ObserverApplication,
    criterion: str,
    statement: str,
    documents: Iterable[OrganizationDocument] = (),
    cooperation_records: Iterable[CooperationRecord] = (),
    upload: UploadedFile | None = None,
    upload_kind: str = DocumentKind.OTHER,
    actor,
) -> CriterionStatement:
    """Save a step of the form (draft saving). Evidence is the organization's own only.

    A new upload joins the organization's documents (same rules as the portal), so it can
    be reused later; existing documents and cooperation records are linked, not copied.
    """
    application = ObserverApplication.objects.select_for_update().get(pk=application.pk)
    if not application.is_editable:
        raise ValidationError(
            _("The statements can only be changed in a draft or when IOM asks for information."),
            code="not_editable",
        )
    documents = list(documents)
    cooperation_records = list(cooperation_records)
    organization_id = application.organization_id
    if any(d.organization_id != organization_id for d in documents) or any(
        r.organization_id != organization_id for r in cooperation_records
    ):
        raise ValidationError(
            _("Evidence must belong to the applying organization."), code="foreign"
        )
    if upload is not None:
        documents.append(
            document_upload(
                organization=application.organization,
                actor=actor,
                kind=upload_kind,
                title=(upload.name or "document")[:255],
                upload=upload,
            )
        )
    item = CriterionStatement.objects.get(application=application, criterion=criterion)
    item.statement = statement.strip()
    item.full_clean()
    item.save()
    item.documents.set(documents)
    item.cooperation_records.set(cooperation_records)
    application.save(update_fields=["updated_at"])
    return item


@transaction.atomic
def application_submit(
    *, application: ObserverApplication, actor, comment: str = ""
) -> ObserverApplication:
    """Submit a draft; refused while any of the five statements is empty."""
    empty = selectors.empty_statement_criteria(application=application)
    if empty and application.status == S.DRAFT:
        raise ValidationError(
            _("Write a statement for every criterion before submitting. Missing: %(missing)s."),
            code="statement_missing",
            params={"missing": ", ".join(str(Criterion(c).label) for c in empty)},
        )
    return _transition(application=application, verb="submit", actor=actor, comment=comment)


@transaction.atomic
def application_start_review(
    *, application: ObserverApplication, actor, comment: str = ""
) -> ObserverApplication:
    return _transition(application=application, verb="start_review", actor=actor, comment=comment)


@transaction.atomic
def application_request_information(
    *, application: ObserverApplication, actor, comment: str
) -> ObserverApplication:
    """Ask the applicant for more; the question is required and shown to the applicant."""
    if not comment.strip():
        raise ValidationError(_("Say what information is needed."), code="comment_required")
    return _transition(
        application=application, verb="request_information", actor=actor, comment=comment.strip()
    )


@transaction.atomic
def application_resubmit(
    *, application: ObserverApplication, actor, comment: str = ""
) -> ObserverApplication:
    """Answer an information request; the statements still may not be empty."""
    empty = selectors.empty_statement_criteria(application=application)
    if empty and application.status == S.INFORMATION_REQUESTED:
        raise ValidationError(
            _("Write a statement for every criterion before submitting. Missing: %(missing)s."),
            code="statement_missing",
            params={"missing": ", ".join(str(Criterion(c).label) for c in empty)},
        )
    return _transition(application=application, verb="resubmit", actor=actor, comment=comment)


def _require_all_assessed(application: ObserverApplication) -> None:
    missing = [
        c for c in Criterion if c.value not in selectors.assessed_criteria(application=application)
    ]
    if missing:
        raise ValidationError(
            _("Assess every criterion before making a recommendation. Not assessed: %(missing)s."),
            code="not_assessed",
            params={"missing": ", ".join(str(c.label) for c in missing)},
        )


@transaction.atomic
def application_recommend(
    *, application: ObserverApplication, actor, comment: str = ""
) -> ObserverApplication:
    """Recommend to the Council; needs all five criteria assessed."""
    if application.status == S.UNDER_REVIEW:
        _require_all_assessed(application)
    return _transition(application=application, verb="recommend", actor=actor, comment=comment)


@transaction.atomic
def application_not_recommend(
    *, application: ObserverApplication, actor, comment: str = ""
) -> ObserverApplication:
    if application.status == S.UNDER_REVIEW:
        _require_all_assessed(application)
    return _transition(application=application, verb="not_recommend", actor=actor, comment=comment)


@transaction.atomic
def application_withdraw(
    *, application: ObserverApplication, actor, comment: str = ""
) -> ObserverApplication:
    return _transition(application=application, verb="withdraw", actor=actor, comment=comment)


@transaction.atomic
def application_decide(
    *,
    application: ObserverApplication,
    granted: bool,
    session: CouncilSession,
    reference: str,
    decided_on: date,
    actor,
    comment: str = "",
) -> ObserverApplication:
    """Record the Council's decision; a grant makes the organization an observer."""
    application = _transition(
        application=application,
        verb="grant" if granted else "decline",
        actor=actor,
        comment=comment,
    )
    decision = CouncilDecision(
        application=application,
        session=session,
        reference=reference.strip(),
        granted=granted,
        decided_on=decided_on,
        recorded_by=actor,
    )
    decision.full_clean()
    decision.save()
    if granted:
        observer = Observer(
            organization=application.organization,
            application=application,
            since=decided_on,
            session=session,
        )
        observer.full_clean()
        observer.save()
    return application


def application_grant(**kwargs) -> ObserverApplication:
    return application_decide(granted=True, **kwargs)


def application_decline(**kwargs) -> ObserverApplication:
    return application_decide(granted=False, **kwargs)


# --- Assessments ------------------------------------------------------------------------


@transaction.atomic
def assessment_record(
    *, application: ObserverApplication, criterion: str, outcome: str, note: str = "", actor
) -> Assessment:
    """A reviewer's finding on one criterion; each reviewer has one per criterion (updated)."""
    if not selectors.user_is_reviewer(actor):
        raise ValidationError(_("Only Observer-status reviewers can assess."), code="not_reviewer")
    application = ObserverApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != S.UNDER_REVIEW:
        raise InvalidTransition(
            _("Criteria can only be assessed while the application is under review."),
            code="not_under_review",
        )
    if criterion not in Criterion.values or outcome not in Outcome.values:
        raise ValidationError(_("Unknown criterion or outcome."), code="invalid")
    assessment = Assessment.objects.filter(
        application=application, reviewer=actor, criterion=criterion
    ).first() or Assessment(application=application, reviewer=actor, criterion=criterion)
    assessment.outcome = outcome
    assessment.note = note.strip()
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def assessments_record(
    *, application: ObserverApplication, assessments: dict[str, tuple[str, str]], actor
) -> int:
    """A reviewer's outcomes for several criteria at once: every one is saved, or none is."""
    for criterion, (outcome, note) in assessments.items():
        assessment_record(
            application=application, criterion=criterion, outcome=outcome, note=note, actor=actor
        )
    return len(assessments)


# --- Observers and delegates ------------------------------------------------------------


@transaction.atomic
def observer_end(*, observer: Observer, reason: str, ended_on: date, actor) -> Observer:
    """End an organization's Observer status; the reason is required and kept."""
    observer = Observer.objects.select_for_update().get(pk=observer.pk)
    if observer.ended_on is not None:
        raise ValidationError(_("This Observer status has already ended."), code="ended")
    if not reason.strip():
        raise ValidationError(_("Give the reason for ending Observer status."), code="reason")
    if ended_on < observer.since:
        raise ValidationError(_("Observer status cannot end before it began."), code="date")
    observer.ended_on = ended_on
    observer.end_reason = reason.strip()
    observer.ended_by = actor
    observer.full_clean()
    observer.save()
    return observer


@transaction.atomic
def delegate_register(
    *, observer: Observer, session: CouncilSession, name: str, email: str, position: str = "", actor
) -> SessionDelegate:
    """Register a delegate of a current observer to an upcoming Council session."""
    if not observer.is_current:
        raise ValidationError(
            _("Only current observers can register delegates."), code="not_observer"
        )
    if session.ends_on < timezone.localdate():
        raise ValidationError(_("This Council session is over."), code="session_over")
    delegate = SessionDelegate(
        observer=observer,
        session=session,
        name=name.strip(),
        email=email.strip().lower(),
        position=position.strip(),
        registered_by=actor,
    )
    delegate.full_clean()
    try:
        with transaction.atomic():
            delegate.save()
    except IntegrityError as error:  # the same person sent twice at once: the constraint holds
        raise ValidationError(
            _("This person is already registered for this session."), code="already_registered"
        ) from error
    return delegate


@transaction.atomic
def delegate_remove(*, delegate: SessionDelegate, actor) -> None:
    logger.info("delegate %s removed by %s", delegate.pk, getattr(actor, "pk", None))
    delegate.delete()


# --- Eligibility reports -------------------------------------------------------------------


@transaction.atomic
def report_request(*, kind: str, filters: dict | None = None, actor) -> EligibilityReport:
    """Record a report request and build it in Celery after commit."""
    from .tasks import build_eligibility_report_task

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
    from .tasks import build_eligibility_report_task

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
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

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
                    # Control characters (from imported names) are not allowed in XLSX.
                    row[1] = ILLEGAL_CHARACTERS_RE.sub("", row[1] or "")
                    row[2] = ILLEGAL_CHARACTERS_RE.sub("", row[2] or "")
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
    from iomcso.core.models import ReminderLog

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


# --- Reminders ----------------------------------------------------------------------------


def reminders_send(*, now=None) -> int:
    """Idle drafts (30 days), unanswered information requests (14 days), and applications
    waiting for reviewers (10 days). Each once per period: the period is the day the
    application last changed, so a new idle spell earns a new reminder, a rerun none."""
    now = now or timezone.now()
    sent = 0
    drafts = ObserverApplication.objects.filter(
        status=S.DRAFT, updated_at__lt=now - timedelta(days=30)
    )
    for application in drafts.select_related("organization"):
        sent += _remind_applicant(application, "observer_draft_idle", application.updated_at)
    waiting_answer = ObserverApplication.objects.filter(
        status=S.INFORMATION_REQUESTED, status_changed_at__lt=now - timedelta(days=14)
    )
    for application in waiting_answer.select_related("organization"):
        sent += _remind_applicant(
            application, "observer_information_overdue", application.status_changed_at
        )
    waiting_review = ObserverApplication.objects.filter(
        status__in=[S.SUBMITTED, S.RESUBMITTED, S.UNDER_REVIEW],
        status_changed_at__lt=now - timedelta(days=10),
    )
    reviewers = selectors.reviewer_recipients()
    for application in waiting_review.select_related("organization"):
        since = application.status_changed_at
        if since is None:  # never: the filter above excludes applications without one
            continue
        for user in reviewers:
            sent += reminder_send_once(
                kind="observer_review_waiting",
                recipient=user.email,
                subject_key=f"observer_application:{application.pk}",
                period=since.date().isoformat(),
                template="observers/reminder_reviewer",
                context={
                    "organization_name": application.organization.name,
                    "status": ApplicationStatus(application.status).label,
                    "since": since.date(),
                    "url": _url("observers:review_detail", user.language, pk=application.pk),
                },
                language=user.language,
            )
    return sent


def _remind_applicant(application: ObserverApplication, kind: str, since) -> int:
    sent = 0
    for user in selectors.applicant_recipients(application=application):
        sent += reminder_send_once(
            kind=kind,
            recipient=user.email,
            subject_key=f"observer_application:{application.pk}",
            period=since.date().isoformat(),
            template="observers/reminder_applicant",
            context={
                "kind": kind,
                "organization_name": application.organization.name,
                "information_request": application.information_request,
                "since": since.date(),
                "url": _url("observers:application_detail", user.language, pk=application.pk),
            },
            language=user.language,
        )
    return sent


# --- Registry merges ------------------------------------------------------------------------


def organization_merge_prepare(*, keep: Organization, duplicate: Organization, actor) -> None:
    """Before the registry merges ``duplicate`` into ``keep``: resolve what may exist once.

    Called by ``partners.services.organization_merge`` (registered in ``apps.py``). Two
    applications in progress cannot both move: the duplicate's is withdrawn. Two current
    observer terms cannot both move: the duplicate's ends today. Then every row moves.
    """
    reason = str(_("Merged into %(name)s in the registry.") % {"name": keep.name})
    if selectors.application_in_progress(organization=keep) is not None:
        duplicate_application = selectors.application_in_progress(organization=duplicate)
        if duplicate_application is not None:
            application_withdraw(application=duplicate_application, actor=actor, comment=reason)
    if selectors.current_observer(organization=keep) is not None:
        observer = selectors.current_observer(organization=duplicate)
        if observer is not None:
            observer_end(
                observer=observer,
                reason=reason,
                ended_on=max(timezone.localdate(), observer.since),
                actor=actor,
            )
