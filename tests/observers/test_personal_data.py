"""The observer programme's personal-data provider: Council session delegates under the
user's verified addresses, withdrawn from sessions to come and anonymised in those held."""

import datetime

import pytest
from allauth.account.models import EmailAddress

from observers.models import Observer, SessionDelegate
from observers.personal_data import erase_personal_data, export_personal_data
from tests.factories import UserFactory
from tests.partners.factories import VerifiedOrganizationFactory

from .factories import CouncilSessionFactory, upcoming_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    user = UserFactory(email="leaving@example.org")
    EmailAddress.objects.create(user=user, email="second@example.org", verified=True)
    EmailAddress.objects.create(user=user, email="unproven@example.org", verified=False)
    return user


def _delegate(session, email: str, name: str = "Lea Ving") -> SessionDelegate:
    observer = Observer.objects.create(
        organization=VerifiedOrganizationFactory(),
        since=datetime.date(2024, 1, 1),
        session=CouncilSessionFactory(number=100),
    )
    return SessionDelegate.objects.create(
        observer=observer, session=session, name=name, email=email, position="Director"
    )


def test_a_delegate_to_a_session_to_come_is_withdrawn(user):
    session = upcoming_session()
    _delegate(session, "Second@Example.org")
    colleague = _delegate(session, "colleague@example.org")

    erase_personal_data(user)

    assert list(session.delegates.values_list("pk", flat=True)) == [colleague.pk]


def test_delegates_to_a_held_session_are_kept_anonymised(user):
    session = CouncilSessionFactory()
    first = _delegate(session, "leaving@example.org")
    _delegate(session, "second@example.org")
    unproven = _delegate(session, "unproven@example.org", name="Someone Else")

    erase_personal_data(user)

    first.refresh_from_db()
    assert (first.name, first.email, first.position) == ("Former delegate", "", "")
    assert session.delegates.count() == 3
    assert sorted(session.delegates.values_list("email", flat=True)) == [
        "",
        "",
        "unproven@example.org",
    ]
    assert SessionDelegate.objects.get(pk=unproven.pk).name == "Someone Else"


def test_the_export_lists_delegates_under_every_verified_address(user):
    session = CouncilSessionFactory()
    _delegate(session, "LEAVING@example.org", name="First")
    _delegate(upcoming_session(), "second@example.org", name="Second")
    _delegate(session, "unproven@example.org", name="Not mine")

    delegates = export_personal_data(user)["council_session_delegates"]

    assert sorted(row["name"] for row in delegates) == ["First", "Second"]
