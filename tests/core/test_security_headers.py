"""Response headers under production settings: a public page, a portal page, an admin page
and a private download, fetched by a process that loads iomcso.settings.production."""

import json
import sys

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from partners.choices import MemberRole
from partners.portal.services import document_upload
from tests.core.test_deploy import production_env, run
from tests.factories import SuperUserFactory
from tests.partners.factories import OrganizationMemberFactory, VerifiedOrganizationFactory
from tests.portal.conftest import pdf_upload

pytestmark = pytest.mark.django_db(transaction=True)

FETCH = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
# No collectstatic here: static URLs without the manifest (they play no part in the headers).
override_settings(
    STORAGES={**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
).enable()
from iomcso.accounts.models import User
answers = {}
for label, email, url in json.loads(sys.argv[1]):
    client = Client(headers={"host": "example.org", "x-forwarded-proto": "https"})
    if email:
        client.force_login(User.objects.get(email=email))
    response = client.get(url)
    answers[label] = {"status": response.status_code, **dict(response.headers.items())}
print(json.dumps(answers))
"""


@pytest.fixture
def headers_under_production_settings(settings):
    from django.db import connection

    organization = VerifiedOrganizationFactory()
    member = OrganizationMemberFactory(organization=organization, role=MemberRole.ADMINISTRATOR)
    document = document_upload(
        organization=organization,
        actor=member.user,
        kind="statutes",
        title="",
        upload=pdf_upload(),
    )
    staff = SuperUserFactory()
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    pages = [
        ("public", None, "/en/"),
        ("portal", member.user.email, reverse("portal:dashboard")),
        ("admin", staff.email, reverse("admin:index")),
        (
            "download",
            member.user.email,
            reverse(
                "portal:document_download",
                kwargs={"organization_id": organization.pk, "document_id": document.pk},
            ),
        ),
    ]
    database = connection.settings_dict
    result = run(
        [sys.executable, "-c", FETCH, json.dumps(pages)],
        env=production_env(
            DATABASE_URL=(
                f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
                f"{database['PORT'] or 5432}/{database['NAME']}"
            ),
            MEDIA_ROOT=settings.MEDIA_ROOT,
            SITE_URL="https://example.org",
        ),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_every_kind_of_page_carries_the_security_headers_and_private_ones_are_never_stored(
    headers_under_production_settings,
):
    # One process and one database set-up for all four pages: each costs seconds.
    for label, headers in headers_under_production_settings.items():
        assert headers["status"] == 200, (label, headers)
        policy = headers["Content-Security-Policy"]
        directives = dict(
            (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in policy.split(";"))
        )
        assert directives["default-src"] == "'self'", label
        assert directives["script-src"] == "'self'", label
        assert directives["style-src"] == "'self'", label
        assert directives["frame-ancestors"] == "'none'", label
        assert "unsafe-inline" not in policy, label
        assert "unsafe-eval" not in policy, label
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000"), label
        assert headers["X-Content-Type-Options"] == "nosniff", label
        assert headers["Referrer-Policy"] == "same-origin", label
        assert headers["X-Frame-Options"] == "DENY", label
        cache_control = {part.strip() for part in headers.get("Cache-Control", "").split(",")}
        if label == "public":
            assert "no-store" not in cache_control
        else:
            assert {"no-store", "private"} <= cache_control, label
