"""A partner with delegate registrations past and future, Council session delegates, a pending
team invitation, a consultation invitation and a contact row exports their data, then deletes
their account: no table keeps any of their addresses but the audit log; IOM's statistics
keep the past attendance, and the future seat goes to the waitlist."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from consultations import selectors as consultation_selectors
from consultations.models import Consultation, Registration
from consultations.services import invitations_send
from observers.models import Observer, SessionDelegate
from partners.choices import MemberRole
from partners.portal.services.team import invitation_create
from tests.consultations.factories import ConsultationFactory, RegistrationFactory
from tests.factories import StaffUserFactory, UserFactory
from tests.observers.factories import CouncilSessionFactory, upcoming_session
from tests.partners.factories import (
    ContactFactory,
    OrganizationMemberFactory,
    VerifiedOrganizationFactory,
)

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN_ADDRESS = "lea.ving@example.org"
SECOND_ADDRESS = "lea@home.example"
# The audit log keeps who did what, the address included, for AUDIT_LOG_RETENTION_DAYS: an
# account deleted does not erase the record of what was done with it (README, Privacy).
KEPT_ON_PURPOSE = {"core_auditrecord"}


def tables_mentioning(*addresses: str) -> set[str]:
    """Every table with a row whose text (any column, JSON and arrays included) holds one of
    the addresses, whatever the case."""
    patterns = [f"%{address.lower()}%" for address in addresses]
    found = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            name = connection.ops.quote_name(table)
            cursor.execute(
                # Table names come from the database's own catalogue, not from input.
                f"SELECT 1 FROM {name} AS r WHERE lower(r::text) LIKE ANY(%s) LIMIT 1",  # noqa: S608
                [patterns],
            )
            if cursor.fetchone():
                found.add(table)
    return found


def _delegate(session, email: str) -> SessionDelegate:
    observer = Observer.objects.create(
        organization=VerifiedOrganizationFactory(),
        since=datetime.date(2024, 1, 1),
        session=CouncilSessionFactory(number=100),
    )
    return SessionDelegate.objects.create(
        observer=observer, session=session, name="Lea Ving", email=email, position="Director"
    )


def test_a_deleted_account_leaves_no_address_behind_and_keeps_the_statistics(client):
    staff = StaffUserFactory()
    user = UserFactory(email=SIGN_IN_ADDRESS, full_name="Lea Ving")
    EmailAddress.objects.create(user=user, email="Lea@Home.example", verified=True)
    team = VerifiedOrganizationFactory(name="Lea's team")
    OrganizationMemberFactory(organization=team, user=user, role=MemberRole.EDITOR)
    OrganizationMemberFactory(organization=team, role=MemberRole.ADMINISTRATOR)

    # A pending invitation to another team, to the second address (typed in capitals).
    inviting = VerifiedOrganizationFactory(name="Inviting team")
    inviter = OrganizationMemberFactory(organization=inviting).user
    invitation_create(
        organization=inviting, actor=inviter, email="LEA@HOME.example", role=MemberRole.EDITOR
    )
    # Listed as the primary contact of an organization, which is invited to a consultation.
    listing = VerifiedOrganizationFactory(name="Listing organization")
    ContactFactory(organization=listing, email="lea@home.EXAMPLE", is_primary=True)
    upcoming = ConsultationFactory(title="Annual 2027", capacity=1)
    invitations_send(consultation=upcoming, organization_ids=[listing.pk], actor=staff)

    # A past consultation where she was present, with a colleague who was too.
    held = ConsultationFactory(
        status=Consultation.Status.HELD, starts_at=timezone.now() - datetime.timedelta(days=60)
    )
    for email in (SIGN_IN_ADDRESS, "colleague@example.org"):
        RegistrationFactory(
            consultation=held,
            organization=team,
            email=email,
            attendance=Registration.Attendance.PRESENT,
            accessibility_needs="Step-free access",
        )
    # The only seat of the coming consultation is hers; someone waits for it.
    RegistrationFactory(consultation=upcoming, organization=team, email=SECOND_ADDRESS)
    waiting = RegistrationFactory(
        consultation=upcoming, email="waiting@example.org", status=Registration.Status.WAITLISTED
    )
    past_session_delegate = _delegate(CouncilSessionFactory(), SIGN_IN_ADDRESS)
    _delegate(upcoming_session(), SECOND_ADDRESS)

    assert {
        "account_emailaddress",
        "consultations_registration",
        "core_outboxmessage",
        "observers_sessiondelegate",
        "partners_contact",
        "partners_historicalcontact",
        "partners_organizationinvitation",
    } <= tables_mentioning(SIGN_IN_ADDRESS, SECOND_ADDRESS)

    client.force_login(user)
    data = client.get(reverse("accounts:data_export")).json()
    assert [row["organization"] for row in data["invitations"]] == ["Inviting team"]
    assert [
        (row["consultation"], row["organization"], row["addressed_to"])
        for row in data["consultation_invitations"]
    ] == [("Annual 2027", "Listing organization", [SECOND_ADDRESS])]

    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert tables_mentioning(SIGN_IN_ADDRESS, SECOND_ADDRESS) <= KEPT_ON_PURPOSE
    assert tables_mentioning("Lea Ving") <= KEPT_ON_PURPOSE
    # The past attendance still counts; her name and needs are gone from it.
    present = held.registrations.filter(attendance=Registration.Attendance.PRESENT)
    assert present.count() == 2
    assert set(present.values_list("full_name", "accessibility_needs")) == {
        ("Former delegate", ""),
        (present.get(email="colleague@example.org").full_name, "Step-free access"),
    }
    past_session_delegate.refresh_from_db()
    assert past_session_delegate.name == "Former delegate"
    # Her seat went to the first waitlisted delegate.
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert consultation_selectors.seats_taken(consultation=upcoming) == 1
