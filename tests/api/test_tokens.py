"""The account's "API tokens" page: make (shown once), list with last use, revoke."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from partners.choices import MemberRole
from partners.models import ApiToken
from tests.api.conftest import bearer_client
from tests.factories import PASSWORD, StaffUserFactory, UserFactory
from tests.partners.factories import OrganizationMemberFactory, VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.login(email=user.email, password=PASSWORD)
    return client


def _make(client, organization, scope="read", days=30, name="CRM"):
    expires = timezone.localdate() + datetime.timedelta(days=days)
    return client.post(
        "/en/me/api-tokens/",
        {
            "name": name,
            "organization": str(organization.pk) if organization else "staff",
            "scope": scope,
            "expires_on": expires.isoformat(),
        },
    )


def test_the_account_page_links_to_the_tokens_page():
    user = UserFactory()
    page = _signed_in(user).get("/en/me/")
    assert b'href="/en/me/api-tokens/"' in page.content


def test_a_new_token_is_shown_once_stored_hashed_and_works_for_its_organization():
    user = UserFactory()
    organization = VerifiedOrganizationFactory()
    OrganizationMemberFactory(organization=organization, user=user, role=MemberRole.EDITOR)
    client = _signed_in(user)
    response = _make(client, organization, scope="read_write")
    secret = response.context["created_secret"]
    assert secret.startswith("iomcso_")
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=user)
    assert secret not in (token.key_hash, token.prefix)
    assert secret not in client.get("/en/me/api-tokens/").content.decode()
    answer = bearer_client(secret).get(f"/api/v1/partner/organizations/{organization.pk}/")
    assert answer.status_code == 200
    listing = client.get("/en/me/api-tokens/").content.decode()
    assert token.prefix in listing
    assert "Never" not in listing


def test_a_token_for_more_than_a_year_or_another_organization_is_refused():
    user = UserFactory()
    mine, theirs = VerifiedOrganizationFactory(), VerifiedOrganizationFactory()
    OrganizationMemberFactory(organization=mine, user=user, role=MemberRole.ADMINISTRATOR)
    client = _signed_in(user)
    too_long = _make(client, mine, days=400)
    assert "A token expires within one year." in too_long.content.decode()
    assert _make(client, theirs).status_code == 200
    assert not ApiToken.objects.exists()


def test_a_viewer_may_only_make_a_read_only_token():
    user = UserFactory()
    organization = VerifiedOrganizationFactory()
    OrganizationMemberFactory(organization=organization, user=user, role=MemberRole.VIEWER)
    response = _make(_signed_in(user), organization, scope="read_write")
    assert "Your role in this organization allows read-only tokens." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_only_staff_may_make_a_staff_token_and_staff_need_two_factor_when_required(settings):
    staff = StaffUserFactory()
    settings.REQUIRE_STAFF_TWO_FACTOR = True
    refused = _make(_signed_in(staff), None)
    # Staff without an authenticator reach nothing but enrolment (the two-factor middleware).
    assert refused.status_code == 302
    assert "/accounts/2fa/totp/activate/" in refused["Location"]
    assert not ApiToken.objects.filter(user=staff).exists()
    settings.REQUIRE_STAFF_TWO_FACTOR = False
    made = _make(_signed_in(staff), None)
    assert ApiToken.objects.get(user=staff).organization is None
    assert made.context["created_secret"]


def test_a_revoked_token_stops_at_once_and_only_its_owner_can_revoke_it():
    user, stranger = UserFactory(), UserFactory()
    organization = VerifiedOrganizationFactory()
    OrganizationMemberFactory(organization=organization, user=user)
    client = _signed_in(user)
    secret = _make(client, organization).context["created_secret"]
    token = ApiToken.objects.get(user=user)
    assert _signed_in(stranger).post(f"/en/me/api-tokens/{token.pk}/revoke/").status_code == 404
    client.post(f"/en/me/api-tokens/{token.pk}/revoke/")
    assert bearer_client(secret).get("/api/v1/token/").status_code == 401
