"""The site shell: languages, error pages, request ids in the logs, the way into the admin."""

import logging
import re

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings as django_settings
from django.test import Client

from iomcso.core.logging import ContextFilter
from iomcso.core.models import OutboxMessage
from iomcso.core.services import email_queue_rendered
from iomcso.core.tasks import deliver_outbox_message_task
from tests.factories import StaffUserFactory, UserFactory


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert match, "no lang attribute on <html>"
    return match.group(1)


def page_title(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.DOTALL)
    assert match, "no <title>"
    return " ".join(match.group(1).split())


# --- Languages --------------------------------------------------------------


def test_language_switcher_changes_the_page_language(client, db):
    home = client.get("/en/")
    assert html_lang(home) == "en"
    assert 'action="/i18n/setlang/"' in home.content.decode()

    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/en/"})

    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert client.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "fr"
    french = client.get(response["Location"])
    assert html_lang(french) == "fr"
    # The words change too (catalogues compiled by make run / make test).
    assert page_title(french) != page_title(home)
    assert '<option value="fr" lang="fr" selected>' in french.content.decode()
    # The bare address now follows the chosen language.
    assert client.get("/")["Location"] == "/fr/"


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_language_has_its_prefixed_home_page(client, db, language):
    response = client.get(f"/{language}/")

    assert response.status_code == 200
    assert html_lang(response) == language


def test_browser_language_picks_the_first_page(client, db):
    response = client.get("/", headers={"accept-language": "es-ES,es;q=0.9"})

    assert response["Location"] == "/es/"


# --- Site shell ---------------------------------------------------------------


def test_home_page_has_landmarks_skip_link_and_local_assets_only(client, db):
    html = client.get("/en/").content.decode()

    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<nav" in html
    assert "<footer" in html
    assert "International Organization for Migration" in html
    assert "MC/INF/287" in html
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == [], f"assets from elsewhere: {external}"


def test_allauth_pages_render_inside_the_site_shell(client, db):
    html = client.get("/en/accounts/login/").content.decode()

    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    title_match = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    assert title_match is not None
    title = title_match.group(1)
    assert " ".join(title.split()) == "Sign in · IOM–CSO Partnership Portal"
    assert 'name="login"' in html


# --- Error pages --------------------------------------------------------------


def test_unknown_page_gets_the_friendly_404(client, db):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert '<main id="main"' in html


@pytest.mark.urls("tests.core.urls_errors")
def test_forbidden_page_gets_the_friendly_403(client, db):
    response = client.get("/test-forbidden")

    assert response.status_code == 403
    assert "Access denied" in response.content.decode()


@pytest.mark.urls("tests.core.urls_errors")
def test_a_crashing_view_gets_the_friendly_500_page(db):
    client = Client(raise_request_exception=False)

    response = client.get("/test-broken")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "a bug in a view" not in html
    assert '<main id="main"' in html


@pytest.mark.urls("tests.core.urls_errors")
def test_500_page_still_renders_when_the_request_context_fails(db, monkeypatch):
    """When the database is what failed, the context processors fail too."""

    def broken_user_context(request):
        raise RuntimeError("database is gone")

    monkeypatch.setattr("django.contrib.auth.context_processors.auth", broken_user_context)
    client = Client(raise_request_exception=False)

    response = client.get("/test-broken")

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


# --- Logs ---------------------------------------------------------------------


@pytest.fixture
def log_lines():
    """Collects the log lines as the stdout handler formats them."""
    lines: list[str] = []

    class ListHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = ListHandler()
    handler.addFilter(ContextFilter())
    handler.setFormatter(logging.Formatter(django_settings.LOGGING["formatters"]["line"]["format"]))
    root = logging.getLogger()
    root.addHandler(handler)
    yield lines
    root.removeHandler(handler)


def test_request_log_lines_carry_the_request_id(client, db, log_lines):
    response = client.get("/en/no-such-page/", headers={"x-request-id": "req-4f2a9c"})

    assert response["X-Request-ID"] == "req-4f2a9c"
    mine = [line for line in log_lines if "request_id=req-4f2a9c" in line]
    assert any("Not Found: /en/no-such-page/" in line for line in mine), log_lines
    assert any("path=/en/no-such-page/ status=404" in line for line in mine), log_lines


def test_each_request_without_an_id_gets_a_new_one(client, db):
    first = client.get("/en/")["X-Request-ID"]
    second = client.get("/en/")["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_task_log_lines_carry_the_task_id(db, log_lines):
    message = email_queue_rendered(
        to=["focal@example.org"], subject="Hello", body_text="Hi", body_html="", language="en"
    )

    deliver_outbox_message_task.apply(kwargs={"message_id": message.pk}, task_id="task-77e1")

    assert any(
        "task_id=task-77e1" in line and f"outbox message {message.pk} sent" in line
        for line in log_lines
    ), log_lines
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT


# --- The way into the admin ---------------------------------------------------


def test_admin_login_goes_through_allauth(client, db):
    response = client.get("/en/admin/login/?next=/en/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_anonymous_admin_visit_ends_on_the_allauth_login(client, db):
    response = client.get("/en/admin/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/en/accounts/login/")
    assert 'name="login"' in response.content.decode()


def test_staff_signed_in_through_allauth_reach_the_admin(client, db):
    staff = StaffUserFactory()

    response = client.post(
        "/en/accounts/login/?next=/en/admin/",
        {"login": staff.email, "password": "correct horse battery staple"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/admin/"
    assert client.get("/en/admin/").status_code == 200


def test_staff_without_a_second_factor_are_sent_to_totp_activation(client, db, settings):
    settings.REQUIRE_STAFF_TWO_FACTOR = True
    staff = StaffUserFactory()
    client.force_login(staff)

    response = client.get("/en/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/2fa/totp/activate/")


def test_staff_with_a_second_factor_reach_the_admin_when_it_is_required(client, db, settings):
    settings.REQUIRE_STAFF_TWO_FACTOR = True
    staff = StaffUserFactory()
    Authenticator.objects.create(
        user=staff, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client.force_login(staff)

    assert client.get("/en/admin/").status_code == 200


def test_second_factor_is_not_asked_when_the_setting_is_off(client, db, settings):
    settings.REQUIRE_STAFF_TWO_FACTOR = False
    client.force_login(StaffUserFactory())

    assert client.get("/en/admin/").status_code == 200


def test_non_staff_users_are_kept_out_of_the_admin(client, db):
    client.force_login(UserFactory())

    response = client.get("/en/admin/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] or "/admin/login/" in response["Location"]
