"""The logo in the portal: the team's editors upload, replace and remove it; every file goes
through the one check (``partners.uploads.logo_png``); the public page shows it once verified."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from PIL import Image

from partners.admin.forms import OrganizationAdminForm
from partners.models import Organization
from partners.uploads import LOGO_MAX_BYTES
from tests.partners.factories import OrganizationFactory, OrganizationMemberFactory
from tests.portal.conftest import png_bytes

pytestmark = pytest.mark.django_db


def upload(data: bytes, name: str = "logo.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 600), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""
    data = bytearray(png_bytes(1, 1))
    header = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return bytes(data)


def logo_url(organization) -> str:
    return reverse("portal:organization_logo_edit", kwargs={"organization_id": organization.pk})


def test_an_administrator_uploads_a_logo_stored_re_encoded_and_shown_publicly(client, team):
    organization = team.organization
    client.force_login(team.administrator)

    response = client.post(logo_url(organization), {"logo": upload(jpeg_bytes(), "logo.jpg")})

    assert response.status_code == 302
    organization.refresh_from_db()
    with organization.logo.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
    assert image.format == "PNG"
    assert max(image.size) == 256
    assert organization.history.first().history_user == team.administrator
    public = client.get(organization.get_absolute_url()).content.decode()
    assert reverse("partners:organization_logo", kwargs={"slug": organization.slug}) in public
    assert client.get(f"/en/partners/{organization.slug}/logo.png").status_code == 200


def test_an_editor_replaces_the_logo_and_the_old_file_is_deleted(
    client, team, django_capture_on_commit_callbacks
):
    organization = team.organization
    client.force_login(team.editor)
    client.post(logo_url(organization), {"logo": upload(png_bytes())})
    organization.refresh_from_db()
    old = organization.logo.name
    storage = organization.logo.storage

    with django_capture_on_commit_callbacks(execute=True):
        client.post(logo_url(organization), {"logo": upload(png_bytes(50, 80))})

    organization.refresh_from_db()
    assert organization.logo.name != old
    assert storage.exists(organization.logo.name)
    assert not storage.exists(old)


def test_removing_the_logo_takes_it_off_the_public_page(
    client, team, django_capture_on_commit_callbacks
):
    organization = team.organization
    client.force_login(team.administrator)
    client.post(logo_url(organization), {"logo": upload(png_bytes())})
    organization.refresh_from_db()
    old = organization.logo.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:organization_logo_remove", kwargs={"organization_id": organization.pk})
        )

    assert response.status_code == 302
    organization.refresh_from_db()
    assert not organization.logo
    assert not organization.logo.storage.exists(old)
    assert client.get(f"/en/partners/{organization.slug}/logo.png").status_code == 404
    assert "logo.png" not in client.get(organization.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "must be a PNG or JPEG"),
        (b"%PDF-1.4 not a picture", "must be a PNG or JPEG"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "must be a PNG or JPEG"),
        (png_bytes()[:20], "must be a PNG or JPEG"),  # cut short in its header
        (b"", "The submitted file is empty."),
        (png_claiming(20_000, 20_000), "too many pixels"),
        (png_claiming(5_000, 5_000), "too many pixels"),
        (b"\x89PNG" + b"0" * (LOGO_MAX_BYTES + 10), "The logo is too large"),
    ],
    ids=["svg", "pdf", "gif", "truncated", "empty", "bomb", "too-many-pixels", "too-large"],
)
def test_a_file_that_is_not_a_usable_image_is_refused_with_a_clear_message(
    client, team, data, message
):
    organization = team.organization
    client.force_login(team.administrator)

    response = client.post(logo_url(organization), {"logo": upload(data)})

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    organization.refresh_from_db()
    assert not organization.logo


def test_the_refusal_is_translated(client, team):
    client.force_login(team.administrator)
    response = client.post(
        logo_url(team.organization).replace("/en/", "/fr/"), {"logo": upload(b"not an image")}
    )
    assert response.status_code == 400
    assert "Le logo doit être une image PNG ou JPEG." in response.content.decode()


def test_a_viewer_sees_no_logo_control_and_a_direct_post_changes_nothing(client, team):
    organization = team.organization
    client.force_login(team.viewer)

    overview = client.get(
        reverse("portal:organization_detail", kwargs={"organization_id": organization.pk})
    ).content.decode()
    assert logo_url(organization) not in overview
    response = client.post(logo_url(organization), {"logo": upload(png_bytes())})
    assert response.status_code == 404
    removal = client.post(
        reverse("portal:organization_logo_remove", kwargs={"organization_id": organization.pk})
    )
    assert removal.status_code == 404
    organization.refresh_from_db()
    assert not organization.logo


def test_an_administrator_of_another_organization_cannot_change_this_logo(client, team, other_team):
    client.force_login(other_team.administrator)
    organization = team.organization

    response = client.post(logo_url(organization), {"logo": upload(png_bytes())})

    assert response.status_code == 404
    organization.refresh_from_db()
    assert not organization.logo
    other = Organization.objects.get(pk=other_team.organization.pk)
    assert not other.logo


def test_a_pending_organizations_logo_is_previewed_by_its_team_but_not_public(client):
    organization = OrganizationFactory()
    member = OrganizationMemberFactory(organization=organization, role="administrator").user
    client.force_login(member)
    client.post(logo_url(organization), {"logo": upload(png_bytes())})
    organization.refresh_from_db()
    assert organization.logo

    preview = client.get(
        reverse("portal:organization_logo_preview", kwargs={"organization_id": organization.pk})
    )
    assert preview.status_code == 200
    assert preview["Content-Type"] == "image/png"
    assert preview["Cache-Control"] == "private, no-store"
    client.logout()
    assert client.get(f"/en/partners/{organization.slug}/logo.png").status_code == 404


def test_a_logo_uploaded_in_the_admin_is_re_encoded_the_same_way():
    organization = OrganizationFactory()
    form = OrganizationAdminForm(instance=organization)
    data = {
        name: value
        for name, value in form.initial.items()
        if value not in (None, "") and name in form.fields
    }
    bound = OrganizationAdminForm(
        data=data,
        files=MultiValueDict({"logo": [upload(jpeg_bytes(), "logo.jpg")]}),
        instance=organization,
    )
    bound.is_valid()
    logo = bound.cleaned_data["logo"]
    image = Image.open(io.BytesIO(logo.read()))
    assert image.format == "PNG"
    assert max(image.size) == 256
