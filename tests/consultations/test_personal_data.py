"""The consultations' personal-data provider: registrations under the user's verified
addresses and the invitations written to them, in the export; in the erasure, registrations
still to come cancelled (the seat goes to the waitlist) and every row kept anonymised."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from consultations.models import Consultation, Invitation, Registration
from consultations.personal_data import erase_personal_data, export_personal_data
from consultations.services import consultation_reminders_send
from iomcso.core.models import OutboxMessage, TransitionLog
from partners.choices import MemberRole
from tests.factories import UserFactory

from .factories import (
    ConsultationFactory,
    ContactFactory,
    InvitationFactory,
    OrganizationMemberFactory,
    RegistrationFactory,
    VerifiedOrganizationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    user = UserFactory(email="leaving@example.org")
    EmailAddress.objects.create(user=user, email="second@example.org", verified=True)
    EmailAddress.objects.create(user=user, email="unproven@example.org", verified=False)
    return user


def _held(**fields) -> Consultation:
    starts = timezone.now() - datetime.timedelta(days=30)
    return ConsultationFactory(status=Consultation.Status.HELD, starts_at=starts, **fields)


def test_a_past_registration_is_kept_anonymised_with_its_attendance(user):
    past = RegistrationFactory(
        consultation=_held(),
        email="Second@Example.org",
        full_name="Lea Ving",
        gender=Registration.Gender.FEMALE,
        accessibility_needs="Wheelchair",
        dietary_needs="Halal",
        language_needs="French",
        attendance=Registration.Attendance.PRESENT,
    )
    other = RegistrationFactory(consultation=past.consultation, email="colleague@example.org")

    erase_personal_data(user)

    past.refresh_from_db()
    assert (past.full_name, past.email, past.position) == ("Former delegate", "", "")
    assert (past.accessibility_needs, past.dietary_needs, past.language_needs) == ("", "", "")
    # What the statistics count stays.
    assert (past.status, past.attendance, past.gender) == ("confirmed", "present", "female")
    assert Registration.objects.get(pk=other.pk).email == "colleague@example.org"


def test_an_upcoming_registration_is_cancelled_and_its_seat_goes_to_the_waitlist(user):
    consultation = ConsultationFactory(capacity=1)
    mine = RegistrationFactory(consultation=consultation, email="leaving@example.org")
    waiting = RegistrationFactory(
        consultation=consultation,
        email="waiting@example.org",
        status=Registration.Status.WAITLISTED,
    )

    erase_personal_data(user)

    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.status, mine.full_name, mine.email) == ("cancelled", "Former delegate", "")
    assert waiting.status == Registration.Status.CONFIRMED
    assert OutboxMessage.objects.filter(to=["waiting@example.org"]).count() == 1
    # The leaving person is not written to.
    assert not OutboxMessage.objects.filter(to=["leaving@example.org"]).exists()
    log = TransitionLog.objects.get(object_id=mine.pk, to_status="cancelled")
    assert log.comment == "Cancelled: the delegate deleted their account."


def test_a_seat_freed_by_the_user_never_goes_to_another_of_their_registrations(user):
    consultation = ConsultationFactory(capacity=1)
    RegistrationFactory(consultation=consultation, email="leaving@example.org")
    RegistrationFactory(
        consultation=consultation,
        email="second@example.org",
        status=Registration.Status.WAITLISTED,
    )

    erase_personal_data(user)

    assert set(consultation.registrations.values_list("status", "email")) == {("cancelled", "")}
    assert not OutboxMessage.objects.exists()


def test_two_anonymised_registrations_can_share_a_consultation(user):
    consultation = _held()
    RegistrationFactory(consultation=consultation, email="leaving@example.org")
    RegistrationFactory(consultation=consultation, email="second@example.org")

    erase_personal_data(user)

    assert list(consultation.registrations.values_list("email", flat=True)) == ["", ""]


def test_registrations_under_an_unproven_address_are_untouched(user):
    registration = RegistrationFactory(email="unproven@example.org", full_name="Someone Else")

    erase_personal_data(user)

    registration.refresh_from_db()
    assert (registration.status, registration.full_name) == ("confirmed", "Someone Else")


def test_reminders_skip_anonymised_registrations(user):
    consultation = ConsultationFactory(
        status=Consultation.Status.REPORT_PUBLISHED, report_published_at=timezone.now()
    )
    RegistrationFactory(consultation=consultation, email="leaving@example.org")
    RegistrationFactory(consultation=consultation, email="colleague@example.org")
    erase_personal_data(user)

    consultation_reminders_send(consultation=consultation)

    assert [message.to for message in OutboxMessage.objects.all()] == [["colleague@example.org"]]


def test_the_export_lists_registrations_under_every_verified_address(user):
    RegistrationFactory(email="LEAVING@example.org", full_name="First")
    RegistrationFactory(email="second@example.org", full_name="Second")
    RegistrationFactory(email="unproven@example.org", full_name="Not mine")

    registrations = export_personal_data(user)["consultation_registrations"]

    assert sorted(row["full_name"] for row in registrations) == ["First", "Second"]


def test_the_export_lists_consultation_invitations_written_to_the_user(user):
    as_contact = VerifiedOrganizationFactory(name="Listed as primary contact")
    ContactFactory(organization=as_contact, email="Second@example.org", is_primary=True)
    as_editor = VerifiedOrganizationFactory(name="Editor of the team")
    OrganizationMemberFactory(organization=as_editor, user=user, role=MemberRole.EDITOR)
    as_viewer = VerifiedOrganizationFactory(name="Viewer only")
    OrganizationMemberFactory(organization=as_viewer, user=user, role=MemberRole.VIEWER)
    secondary_contact = VerifiedOrganizationFactory(name="Another is primary")
    ContactFactory(organization=secondary_contact, email="leaving@example.org")
    ContactFactory(organization=secondary_contact, is_primary=True)
    consultation = ConsultationFactory(title="Annual 2026")
    for organization in (as_contact, as_editor, as_viewer, secondary_contact):
        InvitationFactory(consultation=consultation, organization=organization)
    InvitationFactory(organization=as_contact, status=Invitation.Status.PLANNED, sent_at=None)

    invitations = export_personal_data(user)["consultation_invitations"]

    assert [(row["organization"], row["addressed_to"]) for row in invitations] == [
        ("Editor of the team", ["leaving@example.org"]),
        ("Listed as primary contact", ["second@example.org"]),
    ]
    assert invitations[0]["consultation"] == "Annual 2026"
    assert invitations[0]["status"] == "sent"
