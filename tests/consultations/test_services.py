"""The consultation workflow, invitations and registrations, through the services."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from consultations import services
from consultations.models import Consultation, Invitation, Registration
from partners.choices import MemberRole

from .factories import (
    AgendaSessionFactory,
    ConsultationFactory,
    ContactFactory,
    InvitationFactory,
    RegistrationFactory,
    VerifiedOrganizationFactory,
    focal_point,
)

pytestmark = pytest.mark.django_db


def delegate(name: str, **fields) -> services.DelegateData:
    return services.DelegateData(
        full_name=name, email=f"{name.lower().replace(' ', '.')}@example.org", **fields
    )


def test_a_draft_is_published_then_opened_with_each_change_recorded(django_user_model):
    staff = django_user_model.objects.create_user("officer@iom.int", is_staff=True)
    consultation = ConsultationFactory(status=Consultation.Status.DRAFT)
    services.consultation_publish(consultation=consultation, actor=staff)
    services.consultation_open_registration(consultation=consultation, actor=staff)
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.REGISTRATION_OPEN
    changes = list(consultation.transitions.order_by("created_at"))
    assert [(c.from_status, c.to_status, c.actor) for c in changes] == [
        ("draft", "published", staff),
        ("published", "registration_open", staff),
    ]


def test_an_invalid_transition_is_refused_and_changes_nothing():
    consultation = ConsultationFactory(status=Consultation.Status.DRAFT)
    with pytest.raises(services.InvalidTransition, match="cannot go from"):
        services.consultation_mark_held(consultation=consultation, actor=None)
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.DRAFT
    assert not consultation.transitions.exists()


def test_a_consultation_without_dates_cannot_be_published():
    consultation = ConsultationFactory(
        status=Consultation.Status.DRAFT,
        starts_at=None,
        ends_at=None,
        registration_closes_at=None,
    )
    with pytest.raises(services.InvalidTransition, match="start date"):
        services.consultation_publish(consultation=consultation, actor=None)


def test_publishing_the_report_records_when():
    consultation = ConsultationFactory(status=Consultation.Status.HELD)
    services.consultation_publish_report(consultation=consultation, actor=None)
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.REPORT_PUBLISHED
    assert consultation.report_published_at is not None


def test_delegates_get_seats_until_capacity_then_the_waitlist(deliver_outbox):
    consultation = ConsultationFactory(capacity=2, max_delegates_per_organization=3)
    organization = VerifiedOrganizationFactory()
    statuses = [
        services.registration_create(
            consultation=consultation,
            organization=organization,
            delegate=delegate(name),
            actor=None,
        ).status
        for name in ("Ana Lopez", "Ben Diallo", "Chen Wei")
    ]
    deliver_outbox()
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    assert Invitation.objects.filter(consultation=consultation).count() == 0
    subjects = sorted(message.subject for message in mail.outbox)
    assert len(subjects) == 3
    assert sum("On the waiting list" in subject for subject in subjects) == 1


def test_the_per_organization_limit_is_enforced():
    consultation = ConsultationFactory(capacity=None, max_delegates_per_organization=1)
    organization = VerifiedOrganizationFactory()
    services.registration_create(
        consultation=consultation, organization=organization, delegate=delegate("A B"), actor=None
    )
    with pytest.raises(ValidationError, match="limit of 1 delegates"):
        services.registration_create(
            consultation=consultation,
            organization=organization,
            delegate=delegate("C D"),
            actor=None,
        )
    assert Registration.objects.filter(consultation=consultation).count() == 1


def test_registration_is_refused_when_not_open_or_not_invited():
    closed = ConsultationFactory(status=Consultation.Status.REGISTRATION_CLOSED)
    organization = VerifiedOrganizationFactory()
    with pytest.raises(ValidationError, match="not open"):
        services.registration_create(
            consultation=closed, organization=organization, delegate=delegate("X Y"), actor=None
        )
    invited_only = ConsultationFactory(eligibility=Consultation.Eligibility.INVITED)
    with pytest.raises(ValidationError, match="invited organizations only"):
        services.registration_create(
            consultation=invited_only,
            organization=organization,
            delegate=delegate("X Y"),
            actor=None,
        )
    InvitationFactory(consultation=invited_only, organization=organization)
    registration = services.registration_create(
        consultation=invited_only, organization=organization, delegate=delegate("X Y"), actor=None
    )
    assert registration.status == Registration.Status.CONFIRMED
    assert (
        Invitation.objects.get(consultation=invited_only, organization=organization).status
        == Invitation.Status.ACCEPTED
    )


def test_cancelling_a_seat_promotes_the_first_waitlisted_delegate_who_is_told(deliver_outbox):
    consultation = ConsultationFactory(capacity=1)
    seated = RegistrationFactory(consultation=consultation)
    first = RegistrationFactory(
        consultation=consultation, status=Registration.Status.WAITLISTED, preferred_language="fr"
    )
    second = RegistrationFactory(consultation=consultation, status=Registration.Status.WAITLISTED)
    promoted = services.registration_cancel(registration=seated, actor=None)
    deliver_outbox()
    assert promoted == first
    first.refresh_from_db()
    second.refresh_from_db()
    seated.refresh_from_db()
    assert (seated.status, first.status, second.status) == ("cancelled", "confirmed", "waitlisted")
    to_first = [message for message in mail.outbox if message.to == [first.email]]
    assert len(to_first) == 1
    assert to_first[0].extra_headers["Content-Language"] == "fr"


def test_a_larger_capacity_promotes_waitlisted_delegates_in_order(deliver_outbox):
    consultation = ConsultationFactory(capacity=1)
    RegistrationFactory(consultation=consultation)
    first = RegistrationFactory(consultation=consultation, status=Registration.Status.WAITLISTED)
    second = RegistrationFactory(consultation=consultation, status=Registration.Status.WAITLISTED)
    consultation.capacity = 2
    consultation.save(update_fields=["capacity"])

    promoted = services.consultation_waitlist_promote(consultation=consultation, actor=None)
    deliver_outbox()

    first.refresh_from_db()
    second.refresh_from_db()
    assert promoted == 1
    assert (first.status, second.status) == ("confirmed", "waitlisted")
    assert [message.to for message in mail.outbox] == [[first.email]]


def test_cancelling_a_waitlisted_delegate_promotes_nobody():
    consultation = ConsultationFactory(capacity=1)
    RegistrationFactory(consultation=consultation)
    waiting = RegistrationFactory(consultation=consultation, status=Registration.Status.WAITLISTED)
    other = RegistrationFactory(consultation=consultation, status=Registration.Status.WAITLISTED)
    assert services.registration_cancel(registration=waiting, actor=None) is None
    other.refresh_from_db()
    assert other.status == Registration.Status.WAITLISTED


def test_a_cancelled_registration_cannot_be_cancelled_again():
    registration = RegistrationFactory(status=Registration.Status.CANCELLED)
    with pytest.raises(services.InvalidTransition):
        services.registration_cancel(registration=registration, actor=None)


def test_check_in_and_no_show_are_recorded_for_confirmed_delegates_only():
    consultation = ConsultationFactory()
    present = RegistrationFactory(consultation=consultation)
    absent = RegistrationFactory(consultation=consultation)
    waiting = RegistrationFactory(consultation=consultation, status=Registration.Status.WAITLISTED)
    services.registration_check_in(registration=present, actor=None)
    services.registration_mark_no_show(registration=absent, actor=None)
    present.refresh_from_db()
    absent.refresh_from_db()
    assert present.attendance == "present"
    assert present.checked_in_at is not None
    assert absent.attendance == "no_show"
    with pytest.raises(services.InvalidTransition):
        services.registration_check_in(registration=waiting, actor=None)


def test_invitations_are_sent_once_in_each_contacts_language(deliver_outbox):
    consultation = ConsultationFactory(eligibility=Consultation.Eligibility.INVITED)
    organization = VerifiedOrganizationFactory()
    ContactFactory(
        organization=organization, email="directrice@example.org", languages=["fr"], is_primary=True
    )
    ContactFactory(organization=organization, email="other@example.org", is_primary=False)
    editor = focal_point(organization, MemberRole.EDITOR, language="es")
    sent = services.invitations_send(
        consultation=consultation, organization_ids=[organization.pk], actor=None
    )
    again = services.invitations_send(
        consultation=consultation, organization_ids=[organization.pk], actor=None
    )
    deliver_outbox()
    assert (sent, again) == (1, 0)
    invitation = Invitation.objects.get(consultation=consultation)
    assert invitation.status == Invitation.Status.SENT
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"directrice@example.org", editor.email}
    assert by_recipient["directrice@example.org"].extra_headers["Content-Language"] == "fr"
    assert by_recipient["directrice@example.org"].subject.startswith("Invitation")
    assert f"/es/consultations/{consultation.slug}/invitation/{invitation.token}/" in (
        by_recipient[editor.email].body
    )
    assert f"/fr/consultations/{consultation.slug}/invitation/{invitation.token}/" in (
        by_recipient["directrice@example.org"].body
    )


def test_clone_copies_agenda_settings_and_invitation_list_and_clears_dates():
    source = ConsultationFactory(
        title="Annual CSO Consultation 2026",
        status=Consultation.Status.HELD,
        starts_at=timezone.make_aware(datetime.datetime(2026, 10, 1, 9)),
        capacity=77,
    )
    AgendaSessionFactory(consultation=source, title="Opening")
    InvitationFactory(consultation=source)
    clone = services.consultation_clone(source=source, actor=None)
    assert clone.title == "Annual CSO Consultation 2027"
    assert clone.status == Consultation.Status.DRAFT
    assert (clone.starts_at, clone.ends_at, clone.registration_closes_at) == (None, None, None)
    assert clone.capacity == 77
    assert list(clone.sessions.values_list("title", "starts_at")) == [("Opening", None)]
    assert list(clone.invitations.values_list("status", flat=True)) == ["planned"]
    assert clone.cloned_from == source


def test_registration_is_refused_after_the_closing_date_and_the_task_closes_it():
    consultation = ConsultationFactory()
    Consultation.objects.filter(pk=consultation.pk).update(
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    consultation.refresh_from_db()
    with pytest.raises(ValidationError, match="not open"):
        services.registration_create(
            consultation=consultation,
            organization=VerifiedOrganizationFactory(),
            delegate=delegate("Too Late"),
            actor=None,
        )
    assert services.consultations_close_due_registrations() == 1
    assert services.consultations_close_due_registrations() == 0
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.REGISTRATION_CLOSED
    change = consultation.transitions.get()
    assert change.comment == "Closed automatically at the closing date."


def test_an_answered_invitation_cannot_be_declined_or_reopened():
    invitation = InvitationFactory(status=Invitation.Status.ACCEPTED)
    with pytest.raises(services.InvalidTransition):
        services.invitation_decline(invitation=invitation, actor=None)
    services.invitation_open(invitation=invitation, actor=None)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED


def test_cancelling_a_consultation_tells_every_registered_delegate(deliver_outbox):
    consultation = ConsultationFactory()
    confirmed = RegistrationFactory(consultation=consultation)
    waiting = RegistrationFactory(consultation=consultation, status=Registration.Status.WAITLISTED)
    RegistrationFactory(consultation=consultation, status=Registration.Status.CANCELLED)
    services.consultation_cancel(consultation=consultation, actor=None, reason="Venue closed")
    deliver_outbox()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [confirmed.email, waiting.email]
    )
    assert all(message.subject.startswith("Cancelled:") for message in mail.outbox)
    assert consultation.transitions.get().comment == "Venue closed"
