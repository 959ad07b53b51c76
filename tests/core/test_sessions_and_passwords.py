"""Staff sessions: 30 minutes idle and 12 hours at most; partner sessions two weeks as
before. Passwords: at least 12 characters, said in the user's language."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iomcso.accounts.middleware import StaffSessionTimeoutMiddleware
from tests.factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_staff_session_expires_after_30_minutes_without_a_request(client):
    client.force_login(StaffUserFactory())

    client.get("/en/")

    assert client.session.get_expiry_age() == 30 * 60


def _session_writes(queries) -> int:
    return sum(1 for query in queries if query["sql"].startswith('UPDATE "django_session"'))


def test_a_staff_sessions_idle_expiry_is_renewed_at_most_once_a_minute(client, monkeypatch):
    client.force_login(StaffUserFactory())
    client.get("/en/")  # the first staff request renews it
    with CaptureQueriesContext(connection) as soon_after:
        client.get("/en/")
    assert _session_writes(soon_after.captured_queries) == 0

    later = time.time() + 61
    monkeypatch.setattr("iomcso.accounts.middleware.time.time", lambda: later)
    with CaptureQueriesContext(connection) as a_minute_later:
        client.get("/en/")
    assert _session_writes(a_minute_later.captured_queries) == 1
    assert client.session.get_expiry_age() == 30 * 60


def test_a_staff_session_ends_12_hours_after_it_began_even_if_used(client):
    staff = StaffUserFactory()
    client.force_login(staff)
    client.get("/en/")
    session = client.session
    session[StaffSessionTimeoutMiddleware.STARTED_KEY] = int(time.time()) - 12 * 3600 - 60
    session.save()

    response = client.get("/en/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_a_partner_session_keeps_two_weeks(client):
    client.force_login(UserFactory())

    client.get("/en/")

    assert client.session.get_expiry_age() == 14 * 24 * 3600


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This password is too short. It must contain at least 12 characters."),
        ("fr", "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères."),
        ("es", "La contraseña es demasiado corta. Debe contener por lo menos 12 caracteres."),
    ],
)
def test_a_password_shorter_than_12_characters_is_refused_in_the_users_language(
    client, language, message
):
    response = client.post(
        f"/{language}/accounts/signup/",
        {"email": "new@example.org", "password1": "Zq7!mWp2#xL", "password2": "Zq7!mWp2#xL"},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
