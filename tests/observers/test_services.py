import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from iomcso.core.models import OutboxMessage, TransitionLog
from observers import selectors, services
from observers.models import (
    ApplicationStatus,
    Assessment,
    Criterion,
    Observer,
    ObserverApplication,
    SessionDelegate,
)
from observers.services import InvalidTransition
from tests.factories import UserFactory
from tests.observers.factories import (
    CouncilSessionFactory,
    applicant,
    application_under_review,
    assess_all,
    draft_application,
    reviewer,
)
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_granting_a_draft_is_refused_and_changes_nothing():
    organization, admin = applicant()
    staff = reviewer()
    application = draft_application(organization, admin)
    history_before = application.transitions.count()
    outbox_before = OutboxMessage.objects.count()

    with pytest.raises(InvalidTransition, match="Draft"):
        services.application_grant(
            application=application,
            session=CouncilSessionFactory(),
            reference="C/116/RES/1",
            decided_on=datetime.date(2030, 11, 27),
            actor=staff,
        )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.transitions.count() == history_before
    assert not Observer.objects.exists()
    assert OutboxMessage.objects.count() == outbox_before


@pytest.mark.parametrize(
    ("setup", "service"),
    [
        ("draft", services.application_start_review),
        ("draft", services.application_recommend),
        ("draft", services.application_resubmit),
        ("submitted", services.application_submit),
        ("submitted", services.application_recommend),
        ("withdrawn", services.application_withdraw),
        ("withdrawn", services.application_start_review),
    ],
)
def test_transitions_from_the_wrong_state_are_refused(setup, service):
    organization, admin = applicant()
    application = draft_application(organization, admin)
    if setup in ("submitted", "withdrawn"):
        services.application_submit(application=application, actor=admin)
    if setup == "withdrawn":
        services.application_withdraw(application=application, actor=admin)
    status_before = ObserverApplication.objects.get(pk=application.pk).status

    with pytest.raises(InvalidTransition):
        service(application=application, actor=admin, comment="")

    assert ObserverApplication.objects.get(pk=application.pk).status == status_before


def test_submission_is_refused_while_a_statement_is_empty():
    organization, admin = applicant()
    application = draft_application(organization, admin, statements=False)
    for criterion in list(Criterion)[:4]:
        services.statement_save(
            application=application, criterion=criterion, statement="Done.", actor=admin
        )

    with pytest.raises(ValidationError, match="Consultative status with ECOSOC"):
        services.application_submit(application=application, actor=admin)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_an_organization_has_at_most_one_application_in_progress():
    organization, admin = applicant()
    draft_application(organization, admin, statements=False)

    with pytest.raises(ValidationError, match="already has"):
        services.application_start(organization=organization, actor=admin)
    with pytest.raises(IntegrityError), transaction.atomic():
        ObserverApplication.objects.create(organization=organization)


def test_a_new_application_may_start_after_the_previous_one_was_withdrawn():
    organization, admin = applicant()
    first = draft_application(organization, admin, statements=False)
    services.application_withdraw(application=first, actor=admin)

    second = services.application_start(organization=organization, actor=admin)

    assert second.status == ApplicationStatus.DRAFT


def test_an_unverified_organization_cannot_apply():
    organization = OrganizationFactory()
    with pytest.raises(ValidationError, match="verified"):
        services.application_start(organization=organization, actor=UserFactory())


def test_the_full_path_records_who_when_why_and_emails_each_side_in_their_language(
    run_on_commit, deliver_outbox
):
    organization, admin = applicant(language="fr")
    staff = reviewer(language="es")
    session = CouncilSessionFactory()
    with run_on_commit():
        application = draft_application(organization, admin)
        services.application_submit(application=application, actor=admin)
        services.application_start_review(application=application, actor=staff)
        services.application_request_information(
            application=application, actor=staff, comment="Please send the statutes."
        )
        services.statement_save(
            application=application,
            criterion=Criterion.CONSTITUTION,
            statement="Statutes attached.",
            actor=admin,
        )
        services.application_resubmit(application=application, actor=admin, comment="Sent.")
        services.application_start_review(application=application, actor=staff)
        assess_all(application, staff)
        services.application_recommend(application=application, actor=staff, comment="All met.")
        services.application_grant(
            application=application,
            session=session,
            reference="C/116/RES/7",
            decided_on=session.starts_on,
            actor=staff,
        )
    deliver_outbox()

    application.refresh_from_db()
    assert application.status == ApplicationStatus.GRANTED
    steps = list(application.transitions.values_list("to_status", "actor_id", "comment"))
    assert [to for to, _actor, _comment in steps] == [
        "draft",
        "submitted",
        "under_review",
        "information_requested",
        "resubmitted",
        "under_review",
        "recommended",
        "granted",
    ]
    assert ("information_requested", staff.pk, "Please send the statutes.") in steps
    observer = Observer.objects.get(organization=organization)
    assert observer.since == session.starts_on
    assert observer.session == session
    assert application.decision.reference == "C/116/RES/7"
    to_applicant = [m for m in mail.outbox if m.to == [admin.email]]
    to_reviewer = [m for m in mail.outbox if m.to == [staff.email]]
    assert len(to_applicant) == 7
    assert len(to_reviewer) == 7
    assert all(m.extra_headers["Content-Language"] == "fr" for m in to_applicant)
    assert all(m.extra_headers["Content-Language"] == "es" for m in to_reviewer)
    assert any("Please send the statutes." in message.body for message in to_applicant)


def test_a_recommendation_needs_all_five_criteria_assessed():
    organization, admin = applicant()
    staff = reviewer()
    application = application_under_review(organization, admin, staff)
    for criterion in list(Criterion)[:4]:
        services.assessment_record(
            application=application, criterion=criterion, outcome="met", actor=staff
        )

    with pytest.raises(ValidationError, match="Not assessed"):
        services.application_recommend(application=application, actor=staff)

    assert ObserverApplication.objects.get(pk=application.pk).status == "under_review"


def test_two_reviewers_may_assess_and_their_disagreement_is_visible():
    organization, admin = applicant()
    first, second = reviewer(), reviewer()
    application = application_under_review(organization, admin, first)
    assess_all(application, first, "met")
    services.assessment_record(
        application=application,
        criterion=Criterion.CONSTITUTION,
        outcome="unclear",
        note="Statutes silent on this.",
        actor=second,
    )

    matrix = {row.criterion: row for row in selectors.assessment_matrix(application=application)}

    assert matrix["constitution"].disagreement is True
    assert len(matrix["constitution"].assessments) == 2
    assert matrix["ecosoc"].disagreement is False


def test_only_reviewers_can_assess():
    organization, admin = applicant()
    application = application_under_review(organization, admin, reviewer())

    with pytest.raises(ValidationError, match="reviewers"):
        services.assessment_record(
            application=application, criterion="ecosoc", outcome="met", actor=admin
        )
    assert not Assessment.objects.exists()


def test_withdrawal_after_the_council_decision_is_refused():
    organization, admin = applicant()
    staff = reviewer()
    application = application_under_review(organization, admin, staff)
    assess_all(application, staff, "not_met")
    services.application_not_recommend(application=application, actor=staff)
    session = CouncilSessionFactory()
    services.application_decline(
        application=application,
        session=session,
        reference="C/116/9",
        decided_on=session.starts_on,
        actor=staff,
    )

    with pytest.raises(InvalidTransition):
        services.application_withdraw(application=application, actor=admin)
    assert not Observer.objects.exists()
    assert TransitionLog.objects.filter(to_status="withdrawn").count() == 0


def test_ending_observer_status_keeps_reason_and_date_and_leaves_the_public_list():
    organization, admin = applicant()
    staff = reviewer()
    session = CouncilSessionFactory()
    observer = Observer.objects.create(
        organization=organization, since=session.starts_on, session=session
    )
    with pytest.raises(ValidationError, match="reason"):
        services.observer_end(
            observer=observer, reason=" ", ended_on=datetime.date(2031, 1, 1), actor=staff
        )

    services.observer_end(
        observer=observer,
        reason="Ceased operations",
        ended_on=datetime.date(2031, 1, 1),
        actor=staff,
    )

    observer.refresh_from_db()
    assert observer.end_reason == "Ceased operations"
    assert observer.ended_by == staff
    assert list(selectors.current_observers()) == []


def test_observers_register_delegates_once_per_session():
    organization, admin = applicant()
    session = CouncilSessionFactory()
    observer = Observer.objects.create(
        organization=organization, since=datetime.date(2024, 1, 1), session=session
    )
    services.delegate_register(
        observer=observer, session=session, name="Ana Ruiz", email="ana@example.org", actor=admin
    )

    with pytest.raises(ValidationError, match="already registered"):
        services.delegate_register(
            observer=observer, session=session, name="Ana", email="ANA@example.org", actor=admin
        )
    assert observer.delegates.count() == 1


def test_a_current_observer_cannot_apply_again():
    organization, admin = applicant()
    session = CouncilSessionFactory()
    Observer.objects.create(organization=organization, since=session.starts_on, session=session)

    with pytest.raises(ValidationError, match="already holds"):
        services.application_start(organization=organization, actor=admin)
    assert not ObserverApplication.objects.exists()


def test_a_registry_merge_keeps_one_application_in_progress_and_moves_the_rest():
    from partners.services import organization_merge

    keep, keep_admin = applicant()
    duplicate, duplicate_admin = applicant()
    kept_application = draft_application(keep, keep_admin, statements=False)
    duplicate_application = draft_application(duplicate, duplicate_admin, statements=False)

    organization_merge(keep=keep, duplicate=duplicate, actor=reviewer())

    duplicate_application.refresh_from_db()
    assert duplicate_application.organization == keep
    assert duplicate_application.status == ApplicationStatus.WITHDRAWN
    assert selectors.application_in_progress(organization=keep) == kept_application


def test_a_registry_merge_of_two_observers_ends_the_duplicates_term_and_keeps_one_current():
    from partners.services import organization_merge

    session = CouncilSessionFactory()
    keep, _keep_admin = applicant()
    duplicate, _duplicate_admin = applicant()
    kept_term = Observer.objects.create(organization=keep, since=session.starts_on, session=session)
    duplicate_term = Observer.objects.create(
        organization=duplicate, since=session.starts_on, session=session
    )

    organization_merge(keep=keep, duplicate=duplicate, actor=reviewer())

    duplicate_term.refresh_from_db()
    assert duplicate_term.organization == keep
    assert duplicate_term.ended_on is not None
    assert "Merged into" in duplicate_term.end_reason
    assert selectors.current_observer(organization=keep) == kept_term


def test_the_same_delegate_sent_twice_at_once_gets_a_message_not_a_server_error(monkeypatch):
    organization, admin = applicant()
    session = CouncilSessionFactory()
    observer = Observer.objects.create(
        organization=organization, since=datetime.date(2024, 1, 1), session=session
    )
    services.delegate_register(
        observer=observer, session=session, name="Ana Ruiz", email="ana@example.org", actor=admin
    )
    # The second request validated before the first one saved: only the database sees it.
    monkeypatch.setattr(SessionDelegate, "validate_constraints", lambda self, exclude=None: None)

    with pytest.raises(ValidationError, match="already registered"):
        services.delegate_register(
            observer=observer, session=session, name="Ana", email="ana@example.org", actor=admin
        )
    assert observer.delegates.count() == 1
