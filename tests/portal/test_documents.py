"""Document uploads: checked by content and size, stored privately, nothing kept on refusal."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import OrganizationDocument
from tests.portal.conftest import PDF_BYTES

# The start of a Windows executable (PE "MZ" header), whatever its file name says.
EXECUTABLE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def _stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _upload(client, team, upload):
    client.force_login(team.editor)
    return client.post(
        reverse("portal:documents", kwargs={"organization_id": team.organization.pk}),
        {"kind": "annual_report", "title": "Annual report 2025", "file": upload},
    )


def test_a_pdf_is_stored_privately_under_a_random_name_and_downloads_for_members(client, team):
    response = _upload(client, team, SimpleUploadedFile("report.pdf", PDF_BYTES))
    assert response.status_code == 302
    document = OrganizationDocument.objects.get()
    assert document.content_type == "application/pdf"
    assert document.original_name == "report.pdf"
    assert document.file.name.startswith(f"private/organizations/{team.organization.pk}/")
    assert "report" not in document.file.name
    assert len(_stored_files()) == 1

    client.force_login(team.viewer)
    download = client.get(
        reverse(
            "portal:document_download",
            kwargs={"organization_id": team.organization.pk, "document_id": document.pk},
        )
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert 'filename="report.pdf"' in download["Content-Disposition"]


def test_an_executable_renamed_report_pdf_is_refused_and_nothing_is_saved(client, team):
    response = _upload(
        client,
        team,
        SimpleUploadedFile("report.pdf", EXECUTABLE_BYTES, content_type="application/pdf"),
    )
    assert response.status_code == 400
    assert "This file type is not accepted" in response.content.decode()
    assert not OrganizationDocument.objects.exists()
    assert _stored_files() == []


def test_a_12_mb_pdf_is_refused_and_nothing_is_saved(client, team):
    big = PDF_BYTES + b"0" * (12 * 1024 * 1024)
    response = _upload(client, team, SimpleUploadedFile("big.pdf", big))
    assert response.status_code == 400
    assert "The file is too large" in response.content.decode()
    assert not OrganizationDocument.objects.exists()
    assert _stored_files() == []


def test_deleting_a_document_removes_the_file_from_storage(
    client, team, make_document, run_on_commit
):
    document = make_document(team.organization, team.editor)
    path = document.file.path
    assert os.path.exists(path)
    client.force_login(team.editor)
    with run_on_commit():
        client.post(
            reverse(
                "portal:document_delete",
                kwargs={"organization_id": team.organization.pk, "document_id": document.pk},
            )
        )
    assert not OrganizationDocument.objects.exists()
    assert not os.path.exists(path)


def test_documents_are_not_reachable_under_media_url(client, team, make_document):
    document = make_document(team.organization, team.editor)
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_a_document_whose_file_the_storage_lost_answers_404_not_a_server_error(client, team):
    _upload(client, team, SimpleUploadedFile("report.pdf", PDF_BYTES))
    document = OrganizationDocument.objects.get()
    document.file.storage.delete(document.file.name)

    response = client.get(
        reverse(
            "portal:document_download",
            kwargs={"organization_id": team.organization.pk, "document_id": document.pk},
        )
    )

    assert response.status_code == 404


def test_a_pdf_named_html_is_stored_and_served_as_pdf(client, team):
    response = _upload(
        client, team, SimpleUploadedFile("invoice.html", PDF_BYTES, content_type="text/html")
    )

    assert response.status_code == 302
    document = OrganizationDocument.objects.get()
    assert document.original_name == "invoice.pdf"
    download = client.get(
        reverse(
            "portal:document_download",
            kwargs={"organization_id": team.organization.pk, "document_id": document.pk},
        )
    )
    assert 'filename="invoice.pdf"' in download["Content-Disposition"]
    assert download["Content-Type"] == "application/pdf"


def _docx(*, extra_entries: int = 0, padding: int = 0) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        if padding:
            archive.writestr("word/media/padding.bin", b"\0" * padding)
        for number in range(extra_entries):
            archive.writestr(f"word/media/{number}.xml", "")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [_docx(padding=60 * 1024 * 1024), _docx(extra_entries=1200)],
    ids=["unpacks to 60 MB", "1200 entries"],
)
def test_a_docx_zip_bomb_is_refused_and_nothing_is_saved(client, team, content):
    assert len(content) < 1024 * 1024  # small on the wire

    response = _upload(client, team, SimpleUploadedFile("bomb.docx", content))

    assert response.status_code == 400
    assert "unreasonable size" in response.content.decode()
    assert not OrganizationDocument.objects.exists()
    assert _stored_files() == []


def test_a_reasonable_docx_is_accepted(client, team):
    response = _upload(client, team, SimpleUploadedFile("plan.docx", _docx(extra_entries=20)))

    assert response.status_code == 302
    assert OrganizationDocument.objects.get().original_name == "plan.docx"


def test_openpyxl_parses_staff_imports_with_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
