"""One link base: every link in every email starts with SITE_URL, whoever sent it.

allauth builds its links from the request's host; the portal's services and tasks from
SITE_URL. Both now go through ``iomcso.core.emails.site_url``, so a request that arrived on
another host name or port still sends links to the configured server.
"""

import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.template.utils import get_app_template_dirs

from consultations import services as consultation_services
from iomcso.core.emails import site_url
from iomcso.core.models import OutboxMessage
from partners.choices import MemberRole
from partners.portal import services as portal_services
from tests.consultations.factories import ConsultationFactory, focal_point
from tests.factories import UserFactory
from tests.partners.factories import VerifiedOrganizationFactory

ROOT = Path(__file__).resolve().parents[2]
SITE = "http://portal.test:8101"
OTHER_HOST = "elsewhere.example:9999"
LINK = re.compile(r"https?://[^\s\"'<>]+")
# Links to the outside world that an email may carry on purpose.
EXTERNAL = {"www.iom.int"}


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "elsewhere.example", "portal.test"]
    return SITE


def links_in_outbox() -> list[str]:
    links = []
    for message in OutboxMessage.objects.all():
        links += LINK.findall(message.body_text) + LINK.findall(message.body_html)
    return [link for link in links if urlsplit(link).hostname not in EXTERNAL]


def test_site_url_puts_any_path_or_url_on_the_configured_host(site):
    assert site_url("/fr/portal/") == "http://portal.test:8101/fr/portal/"
    assert (
        site_url("https://elsewhere.example:9999/en/accounts/confirm-email/k/?next=/x#top")
        == "http://portal.test:8101/en/accounts/confirm-email/k/?next=/x#top"
    )


@pytest.mark.django_db
def test_allauth_emails_link_to_site_url_not_to_the_requests_host(client, site):
    UserFactory(email="known@example.org")
    client.post(
        "/en/accounts/signup/",
        {
            "email": "new.partner@example.org",
            "full_name": "Nadia Haddad",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
            "accept_privacy_notice": "on",
        },
        HTTP_HOST=OTHER_HOST,
    )
    client.post(
        "/en/accounts/password/reset/", {"email": "known@example.org"}, HTTP_HOST=OTHER_HOST
    )
    client.post(
        "/en/accounts/password/reset/", {"email": "nobody@example.org"}, HTTP_HOST=OTHER_HOST
    )

    templates = set(OutboxMessage.objects.values_list("template", flat=True))
    assert {"account/email/password_reset_key"} <= templates, templates
    links = links_in_outbox()
    assert links
    for link in links:
        assert link == SITE or link.startswith(SITE + "/"), link
    assert not any(OTHER_HOST in message.body_text for message in OutboxMessage.objects.all())
    for message in OutboxMessage.objects.all():
        assert message.subject.startswith("[IOM–CSO] "), message.subject


@pytest.mark.django_db
def test_portal_and_consultation_emails_link_to_site_url(site):
    organization = VerifiedOrganizationFactory()
    administrator = focal_point(organization, MemberRole.ADMINISTRATOR)
    portal_services.invitation_create(
        organization=organization,
        actor=administrator,
        email="colleague@example.org",
        role=MemberRole.EDITOR,
    )
    consultation = ConsultationFactory()
    consultation_services.invitations_send(
        consultation=consultation,
        organization_ids=[organization.pk],
        actor=UserFactory(is_staff=True, is_superuser=True),
    )

    assert OutboxMessage.objects.count() >= 2
    for message in OutboxMessage.objects.all():
        assert message.subject.startswith("[IOM–CSO] "), message.subject
    links = links_in_outbox()
    assert len(links) >= 2
    for link in links:
        assert link == SITE or link.startswith(SITE + "/"), link


def email_templates() -> list[Path]:
    folders = [ROOT / "templates", *map(Path, get_app_template_dirs("templates"))]
    return sorted(
        path
        for folder in folders
        for path in folder.glob("emails/**/*.html")
        if str(path).startswith(str(ROOT))
    )


def test_every_link_in_an_email_template_starts_from_site_url_or_a_url_the_service_built():
    """A template may not build a link of its own (from the request, or a literal host)."""
    hrefs = []
    for path in email_templates():
        for href in re.findall(r'href="([^"]*)"', path.read_text()):
            hrefs.append(href)
            assert re.match(r"\{\{ ?(site_url|[a-z_]*url) ?\}\}", href) or href.startswith(
                "mailto:"
            ), f"{path.relative_to(ROOT)}: {href}"
    assert hrefs


def test_make_run_exports_site_url_from_its_port_and_host():
    """The web server, the worker and beat (honcho) inherit the exported SITE_URL."""

    def site_url_under_make(*arguments: str) -> str:
        return subprocess.run(  # noqa: S603 - fixed arguments
            [  # noqa: S607
                "make",
                "-s",
                "--eval=show-site-url: ; @echo $$SITE_URL",
                "show-site-url",
                *arguments,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={"PATH": "/usr/bin:/bin"},
        ).stdout.strip()

    assert site_url_under_make("PORT=8101") == "http://127.0.0.1:8101"
    assert site_url_under_make("HOST=0.0.0.0", "PORT=9000") == "http://0.0.0.0:9000"
    assert site_url_under_make() == "http://127.0.0.1:8000"
    dry_run = subprocess.run(  # noqa: S603
        ["make", "-n", "run", "PORT=8101"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    ).stdout
    assert "http://127.0.0.1:8101/" in dry_run


def test_site_url_has_no_trailing_slash():
    assert not settings.SITE_URL.endswith("/")
