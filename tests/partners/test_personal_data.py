"""The partner registry's personal-data provider: team invitations and contact rows under the
user's verified addresses, in the export and in the erasure."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from partners.choices import MemberRole
from partners.models import Contact, OrganizationInvitation
from partners.personal_data import erase_personal_data, export_personal_data
from tests.factories import UserFactory

from .factories import ContactFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    user = UserFactory(email="leaving@example.org")
    EmailAddress.objects.create(user=user, email="second@example.org", verified=True)
    EmailAddress.objects.create(user=user, email="unproven@example.org", verified=False)
    return user


def _invitation(email: str, **fields) -> OrganizationInvitation:
    return OrganizationInvitation.objects.create(
        organization=fields.pop("organization", None) or OrganizationFactory(),
        email=email,
        role=MemberRole.EDITOR,
        token=email + str(fields.get("accepted_at")),
        expires_at=timezone.now() + datetime.timedelta(days=14),
        **fields,
    )


def test_the_export_lists_team_invitations_to_every_verified_address(user):
    _invitation("LEAVING@example.org", organization=OrganizationFactory(name="First"))
    _invitation("Second@Example.org", organization=OrganizationFactory(name="Second"))
    _invitation("unproven@example.org", organization=OrganizationFactory(name="Unproven"))

    invitations = export_personal_data(user)["invitations"]

    assert sorted(row["organization"] for row in invitations) == ["First", "Second"]
    assert {"expires_at", "revoked_at"} <= set(invitations[0])


def test_the_eraser_deletes_invitations_to_the_user_open_or_accepted_and_keeps_others(user):
    _invitation("Second@example.org")
    _invitation("old.address@example.org", accepted_at=timezone.now(), accepted_by=user)
    kept = [_invitation("colleague@example.org"), _invitation("unproven@example.org")]

    erase_personal_data(user)

    assert set(OrganizationInvitation.objects.values_list("pk", flat=True)) == {
        invitation.pk for invitation in kept
    }


def test_the_eraser_deletes_contact_rows_under_the_users_addresses_with_their_history(user):
    listed = ContactFactory(email="LEAVING@example.org", name="Lea Ving", phone="+41 22 1")
    listed.name = "Lea Ving-Martin"
    listed.save()
    colleague = ContactFactory(email="colleague@example.org")
    unproven = ContactFactory(email="unproven@example.org")

    erase_personal_data(user)

    assert set(Contact.objects.values_list("pk", flat=True)) == {colleague.pk, unproven.pk}
    assert not Contact.history.filter(id=listed.pk).exists()
    assert Contact.history.filter(id=colleague.pk).exists()


def test_earlier_versions_of_a_contact_that_carried_the_users_address_are_anonymised(user):
    contact = ContactFactory(email="second@example.org", name="Lea Ving", phone="+41 22 1")
    contact.name, contact.email, contact.phone = "New Person", "new@example.org", ""
    contact.save()

    erase_personal_data(user)

    assert Contact.objects.get().name == "New Person"
    versions = list(Contact.history.filter(id=contact.pk).order_by("history_date"))
    assert [(v.name, v.email, v.phone) for v in versions] == [
        ("Former contact", "", ""),
        ("New Person", "new@example.org", ""),
    ]
