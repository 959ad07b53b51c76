"""What every spreadsheet export does to a cell before writing it (CSV and XLSX)."""

from typing import TypeVar

T = TypeVar("T")

# A cell starting with one of these may run as a formula in Excel or LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: T) -> T | str:
    """Text typed by a partner never runs as a spreadsheet formula (CSV/XLSX injection).

    Such text gets a leading apostrophe, which spreadsheets show as plain text; any other
    value (a number, a date, None) is returned as it is.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
