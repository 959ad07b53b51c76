"""The eligibility reports' files: a CSV by PostgreSQL's ``COPY``, an XLSX streamed.

Both read the same query (``report_sql``), whose rows are finished cells: no per-row rule
in Python. Memory stays flat whatever the row count: the CSV is bytes moved from the
``COPY`` stream to the file; the XLSX is openpyxl's write-only workbook (rows go to a
temporary file as they come, inline strings, no shared-string table).

Excel opens at most 1,048,576 rows per sheet. Past that the XLSX **continues on a new
sheet** ("Registry screening (2)", …), each starting with the header row again, so no row
is lost and every sheet opens; the CSV has every row in one file.
"""

from __future__ import annotations

import csv
from collections.abc import Callable

from django.db import connection
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from iomcso.core.spreadsheets import neutralise_cell

from . import selectors
from .models import EligibilityReport, ReportKind
from .report_sql import report_query

EXCEL_MAX_ROWS = 1_048_576  # per sheet, the header row included


def write_report_csv(*, report: EligibilityReport, path: str, header: list[str]) -> int:
    """Write the report as CSV (UTF-8 with BOM, for Excel) with ``COPY ... TO STDOUT``:
    PostgreSQL formats every row; Python only moves bytes. Returns the number of rows.

    Runs on Django's connection, so inside the caller's transaction when there is one.
    """
    if report.kind == ReportKind.SANCTIONS_SCREENING:
        return _write_csv_from_rows(report=report, path=path, header=header)
    sql, parameters = report_query(report=report)
    connection.ensure_connection()
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerow(header)
    with open(path, "ab") as handle, connection.connection.cursor() as cursor:
        with cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", parameters) as copy:
            for chunk in copy:
                handle.write(chunk)
        return cursor.rowcount


def _write_csv_from_rows(*, report: EligibilityReport, path: str, header: list[str]) -> int:
    """The reports whose rows Python builds (sanctions screening: a few possible matches)."""
    count = 0
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in selectors.report_rows(report=report):
            writer.writerow([neutralise_cell(cell) for cell in row])
            count += 1
    return count


def write_report_xlsx(
    *,
    report: EligibilityReport,
    path: str,
    header: list[str],
    title: str,
    progress: Callable[[int], None] | None = None,
    max_rows: int = EXCEL_MAX_ROWS,
) -> int:
    """Write the report as a write-only XLSX, a new sheet every ``max_rows - 1`` rows.

    Must run inside a transaction (the rows come from a server-side cursor).
    """
    workbook = Workbook(write_only=True)
    title = title[:27]  # room for " (n)" within Excel's 31 characters
    sheet = None
    sheets = rows_in_sheet = count = 0
    for record in selectors.report_rows(report=report):
        if sheet is None or rows_in_sheet >= max_rows - 1:
            sheets += 1
            sheet = workbook.create_sheet(title=title if sheets == 1 else f"{title} ({sheets})")
            sheet.append(header)
            rows_in_sheet = 0
        row = list(record)
        # Control characters are not allowed in XLSX (already removed from partner text;
        # this also covers reviewers' e-mail addresses).
        row = [
            ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell for cell in row
        ]
        sheet.append(row)
        rows_in_sheet += 1
        count += 1
        if progress:
            progress(count)
    if sheet is None:
        workbook.create_sheet(title=title).append(header)
    workbook.save(path)
    return count
