"""Participant lists for staff as CSV (streamed) and XLSX (written row by row)."""

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from iomcso.core.spreadsheets import neutralise_row

from . import selectors
from .models import Consultation, Registration


def participant_header() -> list[str]:
    return [
        _("Name"),
        _("Email"),
        _("Position"),
        _("Organization"),
        _("Partner type"),
        _("Country"),
        _("Status"),
        _("Attendance"),
        _("Gender"),
        _("Preferred language"),
        _("Interpretation needs"),
        _("Accessibility needs"),
        _("Dietary needs"),
        _("Registered at"),
    ]


def participant_row(registration: Registration) -> list[str]:
    organization = registration.organization
    return neutralise_row(
        str(value or "")
        for value in (
            registration.full_name,
            registration.email,
            registration.position,
            organization.name,
            organization.get_partner_type_display(),
            organization.headquarters_country.code,
            registration.get_status_display(),
            registration.get_attendance_display(),
            registration.get_gender_display(),
            registration.preferred_language,
            registration.language_needs,
            registration.accessibility_needs,
            registration.dietary_needs,
            registration.created_at.strftime("%Y-%m-%d %H:%M"),
        )
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def participants_csv_response(*, consultation: Consultation) -> StreamingHttpResponse:
    """Streams rows as they are read: a list of any size never sits in memory."""
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"
        yield writer.writerow(participant_header())
        for registration in selectors.participant_export_rows(consultation=consultation):
            yield writer.writerow(participant_row(registration))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="participants-{consultation.slug}.csv"'
    return response


def participants_xlsx_response(*, consultation: Consultation) -> FileResponse:
    """openpyxl's write-only mode keeps memory flat; the file is spooled to disk."""

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Participants")[:31])
    sheet.append(participant_header())
    for registration in selectors.participant_export_rows(consultation=consultation):
        sheet.append(participant_row(registration))
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"participants-{consultation.slug}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
