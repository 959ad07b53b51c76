import csv

import pytest
from django.db import transaction
from openpyxl import load_workbook

from observers.models import EligibilityReport, ReportKind
from observers.report_files import write_report_csv, write_report_xlsx
from observers.selectors import report_header
from tests.partners.factories import CooperationRecordFactory, VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db


def screening_report() -> EligibilityReport:
    return EligibilityReport(kind=ReportKind.REGISTRY_SCREENING, filters={})


def test_csv_comes_from_copy_with_the_criteria_computed_in_sql(tmp_path):
    alpha = VerifiedOrganizationFactory(name="=Alpha", level="global")
    CooperationRecordFactory(organization=alpha)
    VerifiedOrganizationFactory(name="Beta", level="local")
    report = screening_report()
    header = report_header(report=report)
    path = tmp_path / "screening.csv"
    assert write_report_csv(report=report, path=str(path), header=header) == 2
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_name = {row["Organization"]: row for row in rows}
    assert set(by_name) == {"'=Alpha", "Beta"}  # a formula start is made literal
    assert by_name["'=Alpha"]["international: registry"] == "met"
    assert by_name["'=Alpha"]["cooperation_history: registry"] == "met"
    assert by_name["Beta"]["cooperation_history: registry"] == "not_met"
    assert "No cooperation with IOM" in by_name["Beta"]["cooperation_history: evidence"]


def test_xlsx_continues_on_a_new_sheet_at_the_row_limit(tmp_path):
    for number in range(5):
        VerifiedOrganizationFactory(name=f"Organization {number}")
    report = screening_report()
    header = report_header(report=report)
    path = tmp_path / "screening.xlsx"
    with transaction.atomic():
        rows = write_report_xlsx(
            report=report, path=str(path), header=header, title="Registry screening", max_rows=3
        )
    assert rows == 5
    workbook = load_workbook(path, read_only=True)
    assert workbook.sheetnames == [
        "Registry screening",
        "Registry screening (2)",
        "Registry screening (3)",
    ]
    sheets = [list(sheet.values) for sheet in workbook.worksheets]
    assert all(list(sheet[0]) == header for sheet in sheets)  # each sheet repeats the header
    assert [len(sheet) - 1 for sheet in sheets] == [2, 2, 1]
