"""Staff two-factor follows the user: without an enrolled authenticator, a staff user reaches
enrolment, sign-out and the privacy notice, and nothing else, whatever the URL or method."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.urls import reverse

from iomcso.accounts.middleware import TWO_FACTOR_ENROLMENT_VIEWS
from iomcso.core.roles import OBSERVER_REVIEWER, STAFF_ROLES
from tests.core.url_walk import every_url
from tests.factories import StaffUserFactory, UserFactory

ACTIVATE = "/en/accounts/2fa/totp/activate/"
GUARDED_URLS = [
    walked for walked in every_url() if walked.view_name not in TWO_FACTOR_ENROLMENT_VIEWS
]


@pytest.fixture
def staff_without_two_factor(db, settings):
    settings.REQUIRE_STAFF_TWO_FACTOR = True
    return StaffUserFactory(is_superuser=True)


def test_the_walk_covers_the_reviewer_desk_downloads_and_the_admin():
    names = {walked.view_name for walked in GUARDED_URLS}

    assert len(GUARDED_URLS) > 250
    assert {"admin:index", "portal:document_download", "portal:staff_identity_changes"} <= names
    assert any(name.startswith("observers:") for name in names)
    assert any(name.startswith("consultations:") for name in names)


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_without_two_factor_are_sent_to_enrolment_from_every_url(
    client, staff_without_two_factor, method
):
    client.force_login(staff_without_two_factor)
    reached = []
    for walked in GUARDED_URLS:
        response = getattr(client, method)(walked.url)
        if response.status_code != 302 or not response["Location"].startswith(ACTIVATE):
            reached.append((walked.view_name, walked.url, response.status_code))

    assert reached == []


def test_staff_without_two_factor_can_still_enrol_and_sign_out(client, staff_without_two_factor):
    client.force_login(staff_without_two_factor)

    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("accounts:privacy_notice")).status_code == 200
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not response["Location"].startswith(ACTIVATE)


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_a_staff_role_member_without_the_staff_flag_is_held_too(client, db, settings, role):
    settings.REQUIRE_STAFF_TWO_FACTOR = True
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)

    response = client.get(reverse("observers:review_list") if role == OBSERVER_REVIEWER else "/en/")

    assert response.status_code == 302
    assert response["Location"].startswith(ACTIVATE)


def test_partner_users_are_not_asked_for_a_second_factor(client, db, settings):
    settings.REQUIRE_STAFF_TWO_FACTOR = True
    client.force_login(UserFactory())

    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_staff_with_a_second_factor_reach_the_reviewer_desk(client, staff_without_two_factor):
    Authenticator.objects.create(
        user=staff_without_two_factor, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    client.force_login(staff_without_two_factor)

    assert client.get(reverse("observers:review_list")).status_code == 200
