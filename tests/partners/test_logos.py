"""Logos: shown on the public page once the organization is verified, always re-encoded."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from .factories import OrganizationFactory, VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db


def png(width: int = 800, height: int = 600) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (0, 51, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def with_logo(factory, data: bytes, **fields):
    organization = factory(**fields)
    organization.logo.save("logo.png", ContentFile(data), save=True)
    return organization


def test_a_verified_organizations_logo_is_served_re_encoded_and_shown_on_its_page(client):
    organization = with_logo(VerifiedOrganizationFactory, png(), name="Puentes")
    response = client.get(f"/en/partners/{organization.slug}/logo.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    assert max(image.size) == 256
    page = client.get(f"/en/partners/{organization.slug}/").content.decode()
    assert f"/en/partners/{organization.slug}/logo.png" in page


def test_a_pending_organizations_logo_is_not_public(client):
    organization = with_logo(OrganizationFactory, png())
    assert client.get(f"/en/partners/{organization.slug}/logo.png").status_code == 404


def test_a_logo_that_is_not_an_image_is_never_served(client):
    organization = with_logo(VerifiedOrganizationFactory, b"<svg onload=alert(1)></svg>")
    assert client.get(f"/en/partners/{organization.slug}/logo.png").status_code == 404


def test_an_organization_without_a_logo_has_none(client):
    organization = VerifiedOrganizationFactory()
    assert client.get(f"/en/partners/{organization.slug}/logo.png").status_code == 404
    assert "logo.png" not in client.get(f"/en/partners/{organization.slug}/").content.decode()
