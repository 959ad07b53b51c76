"""Rate limits fail open when the cache cannot count, count by the real client behind a proxy,
and nobody's request waits on a frozen Redis for more than one socket timeout."""

import logging
import time

import pytest
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from iomcso.core import ratelimit
from iomcso.core.models import OutboxMessage
from iomcso.core.redis_budget import metrics, redis_budget
from iomcso.settings import base
from tests.factories import PASSWORD, UserFactory

UNREACHABLE_CACHE = "redis://127.0.0.1:1/0"
assert base.ACCOUNT_RATE_LIMITS
ACCOUNT_RATE_LIMITS: dict[str, str] = base.ACCOUNT_RATE_LIMITS


def cache_at(settings, url: str, timeout: float = 2.0) -> None:
    """Points the default cache (and so the rate limits) at another Redis address."""
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": url,
            "OPTIONS": {
                **settings.CACHES["default"]["OPTIONS"],
                "SOCKET_CONNECT_TIMEOUT": timeout,
                "SOCKET_TIMEOUT": timeout,
            },
        }
    }


@pytest.fixture
def production_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = ACCOUNT_RATE_LIMITS
    settings.PORTAL_RATE_LIMITS = {
        "join_request": "2/h/user",
        "team_invitation": "2/h/user",
        "consultation_invitation_response": "2/h/user",
    }


def sign_up(client, email: str):
    return client.post(
        "/en/accounts/signup/",
        {
            "full_name": "Amina Diallo",
            "email": email,
            "password1": "a long and unusual passphrase 42",
            "password2": "a long and unusual passphrase 42",
            "accept_privacy_notice": "on",
        },
    )


def sign_in(client, email: str, password: str = PASSWORD, **headers):
    return client.post(
        "/en/accounts/login/", {"login": email, "password": password}, headers=headers
    )


def test_allauths_limiter_is_routed_through_the_fail_open_wrapper():
    assert allauth_ratelimit.consume is ratelimit.allauth_consume
    assert allauth_ratelimit.clear is ratelimit.allauth_clear


def test_with_an_unreachable_cache_sign_in_password_reset_and_sign_up_succeed_and_the_verification_email_is_queued(  # noqa: E501
    client, db, settings, production_limits, caplog
):
    cache_at(settings, UNREACHABLE_CACHE)
    user = UserFactory(email="known@example.org")
    before = metrics["ratelimit_failed_open"]

    with caplog.at_level(logging.WARNING, logger="iomcso.core.ratelimit"):
        signed_in = sign_in(client, user.email)
        client.logout()
        reset = client.post("/en/accounts/password/reset/", {"email": user.email})
        signed_up = sign_up(client, "newcomer@example.org")

    assert signed_in.status_code == 302, signed_in.content.decode()[:500]
    assert "_auth_user_id" in client.session or signed_up.status_code == 302
    assert reset.status_code == 302
    assert OutboxMessage.objects.filter(to=[user.email]).exists()
    assert signed_up.status_code == 302
    assert get_user_model().objects.filter(email="newcomer@example.org").exists()
    verification = OutboxMessage.objects.get(to=["newcomer@example.org"])
    assert "confirm-email" in verification.body_text
    assert metrics["ratelimit_failed_open"] > before
    assert "failing open" in caplog.text


def test_a_frozen_cache_costs_a_sign_up_at_most_one_socket_timeout(
    client, db, settings, production_limits, frozen_redis_url
):
    cache_at(settings, frozen_redis_url, timeout=1.0)

    started = time.monotonic()
    response = sign_up(client, "frozen@example.org")
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert OutboxMessage.objects.filter(to=["frozen@example.org"]).exists()
    # Several rate limits and the cache are consulted; only the first waits for the timeout.
    assert elapsed < 2.0, f"sign-up took {elapsed:.1f}s on a frozen Redis"


def test_one_request_skips_redis_after_its_first_timeout(settings, frozen_redis_url):
    cache_at(settings, frozen_redis_url, timeout=0.5)

    started = time.monotonic()
    with redis_budget() as budget:
        for _ in range(5):
            assert cache.get("anything") is None
    elapsed = time.monotonic() - started

    assert budget.failed
    assert elapsed < 1.0, f"five cache reads took {elapsed:.1f}s"


def test_failed_logins_are_still_limited_per_email_when_redis_works(client, db, production_limits):
    user = UserFactory(email="target@example.org")
    for _ in range(5):
        assert sign_in(client, user.email, "wrong password").status_code == 200

    refused = sign_in(client, user.email, "wrong password")

    assert "Too many failed login attempts" in refused.content.decode()
    other = UserFactory(email="other@example.org")
    assert sign_in(client, other.email).status_code == 302


def test_no_stale_lock_refuses_anyone_once_redis_is_back(client, db, settings, production_limits):
    user = UserFactory(email="back@example.org")
    cache_at(settings, UNREACHABLE_CACHE)
    assert sign_in(client, user.email, "wrong password").status_code == 200
    client.logout()

    cache_at(settings, settings.REDIS_URL)
    assert sign_in(client, user.email).status_code == 302


def test_behind_a_trusted_proxy_failed_logins_count_per_client_not_per_proxy(
    client, db, settings, production_limits
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    for number in range(3):
        sign_in(client, f"unknown{number}@example.org", "x", x_forwarded_for="203.0.113.7")
    attacker = sign_in(client, "unknown9@example.org", "x", x_forwarded_for="203.0.113.7")
    assert "Too many failed login attempts" in attacker.content.decode()

    user = UserFactory(email="colleague@example.org")
    colleague = sign_in(client, user.email, x_forwarded_for="198.51.100.20")

    assert colleague.status_code == 302


def test_without_proxy_settings_every_client_shares_the_connecting_address(
    client, db, settings, production_limits
):
    settings.ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    for number in range(3):
        sign_in(client, f"unknown{number}@example.org", "x", x_forwarded_for="203.0.113.7")
    user = UserFactory(email="colleague@example.org")

    colleague = sign_in(client, user.email, x_forwarded_for="198.51.100.20")

    assert "Too many failed login attempts" in colleague.content.decode()


def test_a_request_without_the_proxys_header_is_counted_by_its_address_not_a_500(
    client, db, settings, production_limits
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    user = UserFactory(email="direct@example.org")

    assert sign_in(client, user.email, x_forwarded_for="203.0.113.7").status_code == 302


def test_a_header_named_by_the_proxy_gives_the_client_address(rf, settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    request = rf.get("/", headers={"x-real-ip": "192.0.2.44"})

    assert ratelimit.client_ip(request) == "192.0.2.44"


def test_join_requests_are_limited_per_user(client, db, production_limits):
    from tests.partners.factories import VerifiedOrganizationFactory

    requester = UserFactory()
    client.force_login(requester)
    url = reverse("portal:join_request_create")
    organizations = VerifiedOrganizationFactory.create_batch(3)
    for organization in organizations[:2]:
        client.post(url, {"organization": organization.pk, "message": "Hello"})

    refused = client.post(url, {"organization": organizations[2].pk, "message": "Hello"})

    assert refused.status_code == 429
    assert "Too many requests" in refused.content.decode()
    assert not organizations[2].join_requests.exists()


def test_join_requests_go_through_when_the_cache_is_unreachable(
    client, db, settings, production_limits
):
    from tests.partners.factories import VerifiedOrganizationFactory

    cache_at(settings, UNREACHABLE_CACHE)
    client.force_login(UserFactory())
    organizations = VerifiedOrganizationFactory.create_batch(3)
    for organization in organizations:
        response = client.post(
            reverse("portal:join_request_create"),
            {"organization": organization.pk, "message": "Hello"},
        )
        assert response.status_code == 302
    assert all(organization.join_requests.exists() for organization in organizations)


def test_team_invitations_are_limited_per_user(client, db, production_limits):
    from tests.partners.factories import OrganizationMemberFactory

    administrator = OrganizationMemberFactory()
    client.force_login(administrator.user)
    url = reverse(
        "portal:invitation_create", kwargs={"organization_id": administrator.organization_id}
    )
    for number in range(2):
        client.post(url, {"email": f"invitee{number}@example.org", "role": "editor"})

    refused = client.post(url, {"email": "invitee9@example.org", "role": "editor"}, follow=True)

    assert "Too many requests" in refused.content.decode()
    assert not OutboxMessage.objects.filter(to=["invitee9@example.org"]).exists()
    assert OutboxMessage.objects.filter(to=["invitee1@example.org"]).exists()


def test_consultation_invitation_responses_are_limited_per_user(client, db, settings):
    from consultations.models import Invitation
    from tests.consultations.factories import InvitationFactory, focal_point

    settings.PORTAL_RATE_LIMITS = {"consultation_invitation_response": "1/h/user"}
    invitations = [InvitationFactory()]
    client.force_login(focal_point(invitations[0].organization))

    def decline(invitation):
        return client.post(
            reverse(
                "consultations:invitation_decline",
                kwargs={
                    "slug": invitation.consultation.slug,
                    "organization_id": invitation.organization_id,
                },
            ),
            follow=True,
        )

    decline(invitations[0])
    invitations[0].refresh_from_db()
    assert invitations[0].status == Invitation.Status.DECLINED

    # The same person answers again within the hour: refused, with the message.
    invitations[0].status = Invitation.Status.SENT
    invitations[0].save(update_fields=["status"])
    refused = decline(invitations[0])

    assert "Too many requests" in refused.content.decode()
    invitations[0].refresh_from_db()
    assert invitations[0].status == Invitation.Status.SENT


def test_the_trusted_proxy_settings_come_from_the_environment():
    import os
    import subprocess
    import sys

    script = (
        "from django.conf import settings; "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "iomcso.settings.local",
            "ALLAUTH_TRUSTED_PROXY_COUNT": "2",
            "ALLAUTH_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert result.stdout.split() == ["2", "X-Real-IP"]
