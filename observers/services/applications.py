"""Observer applications from start to Council decision, and the criteria assessments."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from iomcso.core.workflow import InvalidTransition, transition_record_start
from partners.choices import DocumentKind
from partners.models import CooperationRecord, Organization, OrganizationDocument
from partners.services import document_upload

from .. import selectors
from ..models import (
    ApplicationStatus,
    Assessment,
    CouncilDecision,
    CouncilSession,
    Criterion,
    CriterionStatement,
    Observer,
    ObserverApplication,
    Outcome,
)
from .workflow import _transition

S = ApplicationStatus


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
    transition_record_start(application, actor=actor)
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
