"""The staff spreadsheet import refuses an XML bomb ("billion laughs") inside an .xlsx:
openpyxl parses through defusedxml, and staff read a clear message, not the parser's name."""

import io
import time
import zipfile

import openpyxl.xml
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from iomcso.core.spreadsheets import check_spreadsheets_parsed_safely
from partners.models import Organization
from tests.factories import SuperUserFactory

pytestmark = pytest.mark.django_db

ADMIN = "/en/admin/partners/organization/"
HEADER = [
    "name",
    "acronym",
    "partner_type",
    "level",
    "headquarters_country",
    "countries_of_operation",
    "activities",
    "operating_settings",
    "website",
    "public_email",
    "ecosoc_status",
]

# Ten levels of ten: one reference to &lol9; expands to 10**9 "lol"s (3 GB) if the parser
# expands entities.
BILLION_LAUGHS_DTD = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{level} "{("&lol;" if level == 1 else f"&lol{level - 1};") * 10}">'
        for level in range(1, 10)
    )
    + "]>"
)


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Organizations" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _column(index: int) -> str:
    return chr(ord("A") + index)


def _xlsx(*, bomb_in: str | None) -> bytes:
    """A minimal .xlsx written by hand, as Excel writes it: the header and one good row, the
    header's texts in ``xl/sharedStrings.xml`` and the row's inline in the sheet.

    With ``bomb_in`` (``"sharedStrings"`` or ``"sheet"``) that part declares the billion
    laughs and its first text becomes a reference to the last entity.
    """
    row = ["Bomb NGO", "", "ngo", "local", "KE", "KE", "", "", "", "", "none"]
    shared = [f"<si><t>{text}</t></si>" for text in HEADER]
    header_cells = "".join(
        f'<c r="{_column(index)}1" t="s"><v>{index}</v></c>' for index in range(len(HEADER))
    )
    row_cells = "".join(
        f'<c r="{_column(index)}2" t="inlineStr"><is><t>{text}</t></is></c>'
        for index, text in enumerate(row)
        if text
    )
    prologue = {"sharedStrings": XML_DECLARATION, "sheet": XML_DECLARATION}
    if bomb_in == "sharedStrings":
        prologue["sharedStrings"] += BILLION_LAUGHS_DTD
        shared[0] = "<si><t>&lol9;</t></si>"
    elif bomb_in == "sheet":
        prologue["sheet"] += BILLION_LAUGHS_DTD
        row_cells = row_cells.replace("Bomb NGO", "&lol9;", 1)
    shared_strings = (
        f'{prologue["sharedStrings"]}<sst xmlns="{MAIN}" count="{len(shared)}" '
        f'uniqueCount="{len(shared)}">{"".join(shared)}</sst>'
    )
    sheet = (
        f'{prologue["sheet"]}<worksheet xmlns="{MAIN}"><sheetData>'
        f'<row r="1">{header_cells}</row><row r="2">{row_cells}</row>'
        "</sheetData></worksheet>"
    )
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", shared_strings)
    return content.getvalue()


def _import(client, content: bytes):
    return client.post(
        f"{ADMIN}import/",
        {
            "import_file": SimpleUploadedFile("organizations.xlsx", content),
            "format": 1,  # XLSX
            "resource": 0,
        },
    )


def test_openpyxl_parses_with_defusedxml_and_a_system_check_says_so_otherwise(monkeypatch):
    assert openpyxl.xml.DEFUSEDXML is True
    assert check_spreadsheets_parsed_safely(None) == []

    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)  # OPENPYXL_DEFUSEDXML=False

    assert [error.id for error in check_spreadsheets_parsed_safely(None)] == ["iomcso.E001"]


def test_the_hand_written_workbook_without_the_bomb_imports(client):
    """The control: the same file without the bomb is a valid import (the preview shows the row)."""
    client.force_login(SuperUserFactory())

    response = _import(client, _xlsx(bomb_in=None))

    assert response.status_code == 200
    assert not response.context["form"].errors
    assert [row.object_repr for row in response.context["result"].valid_rows()] == ["Bomb NGO"]


@pytest.mark.parametrize("bomb_in", ["sharedStrings", "sheet"])
def test_an_xlsx_with_an_xml_bomb_is_refused_with_a_clear_message_and_nothing_saved(
    client, bomb_in
):
    client.force_login(SuperUserFactory())

    started = time.monotonic()
    response = _import(client, _xlsx(bomb_in=bomb_in))

    assert time.monotonic() - started < 10
    assert response.status_code == 200
    errors = response.context["form"].errors["import_file"]
    assert errors == [
        "This spreadsheet declares XML entities, which a spreadsheet never needs: it is "
        "refused for safety. Save it again from your spreadsheet program and import that copy."
    ]
    assert "EntitiesForbidden" not in response.content.decode()
    assert Organization.objects.count() == 0


def test_the_refusal_is_in_the_staff_members_language(client):
    client.force_login(SuperUserFactory())

    response = client.post(
        "/fr/admin/partners/organization/import/",
        {
            "import_file": SimpleUploadedFile("organisations.xlsx", _xlsx(bomb_in="sheet")),
            "format": 1,
            "resource": 0,
        },
    )

    assert response.context["form"].errors["import_file"] == [
        "Ce classeur déclare des entités XML, dont un classeur n’a jamais besoin : il est refusé "
        "par sécurité. Enregistrez-le de nouveau depuis votre tableur et importez cette copie."
    ]
