"""What consultations add to the staff workspace: the consultation officer's home panels and
the dashboard's attendance chart (registered in ``ConsultationsConfig.ready``)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from iomcso.core.roles import CONSULTATIONS_OFFICER, READ_ONLY_VIEWER
from iomcso.core.workspace import (
    Chart,
    ChartSeries,
    Panel,
    PanelRow,
    dashboard_aggregate,
    register_dashboard_aggregate,
    register_dashboard_chart,
    register_home_panel,
)

from . import selectors

CONSULTATION_ROLES = (CONSULTATIONS_OFFICER, READ_ONLY_VIEWER)
FIRST_YEAR = 2011


def _when(consultation) -> str:
    if consultation.starts_at is None:
        return gettext("date not set")
    return date_format(timezone.localtime(consultation.starts_at), "DATE_FORMAT")


def _upcoming(user) -> list:
    """The three panels read the same consultations: one query per request, kept on the user."""
    cached = getattr(user, "_workspace_upcoming_consultations", None)
    if cached is None:
        cached = selectors.upcoming_consultations_with_seats()
        user._workspace_upcoming_consultations = cached
    return cached


def _upcoming_panel(*, user) -> Panel:
    consultations = _upcoming(user)
    rows = []
    for consultation in consultations:
        if consultation.capacity:
            seats = gettext("%(taken)s of %(capacity)s seats taken") % {
                "taken": consultation.seats_taken,
                "capacity": consultation.capacity,
            }
        else:
            seats = gettext("%(taken)s registered, no seat limit") % {
                "taken": consultation.seats_taken
            }
        rows.append(
            PanelRow(
                label=consultation.title,
                url=reverse("admin:consultations_consultation_change", args=[consultation.pk]),
                detail=f"{_when(consultation)} · {seats}",
            )
        )
    return Panel(
        title=_("Upcoming consultations"),
        rows=rows,
        total=len(rows),
        more_url=reverse("admin:consultations_consultation_changelist"),
        more_label=_("All consultations"),
        empty_text=_("No consultation is planned."),
    )


def _waitlist_panel(*, user) -> Panel:
    consultations = [c for c in _upcoming(user) if c.waitlisted]
    registrations = reverse("admin:consultations_registration_changelist")
    return Panel(
        title=_("Waiting lists"),
        rows=[
            PanelRow(
                label=consultation.title,
                url=f"{registrations}?consultation__id__exact={consultation.pk}"
                "&status__exact=waitlisted",
                detail=ngettext(
                    "%(count)s delegate waiting for a seat",
                    "%(count)s delegates waiting for a seat",
                    consultation.waitlisted,
                )
                % {"count": consultation.waitlisted},
            )
            for consultation in consultations
        ],
        total=sum(consultation.waitlisted for consultation in consultations),
        empty_text=_("Nobody is on a waiting list."),
    )


def _invitations_panel(*, user) -> Panel:
    consultations = [c for c in _upcoming(user) if c.unanswered_invitations]
    invitations = reverse("admin:consultations_invitation_changelist")
    return Panel(
        title=_("Invitations not answered"),
        rows=[
            PanelRow(
                label=consultation.title,
                url=f"{invitations}?consultation__id__exact={consultation.pk}",
                detail=ngettext(
                    "%(count)s invitation without an answer",
                    "%(count)s invitations without an answer",
                    consultation.unanswered_invitations,
                )
                % {"count": consultation.unanswered_invitations},
            )
            for consultation in consultations
        ],
        total=sum(consultation.unanswered_invitations for consultation in consultations),
        empty_text=_("Every invitation has an answer."),
    )


def attendance_chart() -> Chart:
    figures = {
        year: (confirmed, present)
        for year, confirmed, present in dashboard_aggregate("consultations_attendance_by_year")
    }
    years = list(range(FIRST_YEAR, timezone.localdate().year + 1))
    return Chart(
        key="consultations_attendance",
        title=_("Consultation attendance by year since 2011"),
        kind="line",
        categories=[str(year) for year in years],
        series=[
            ChartSeries(
                name=_("Delegates confirmed"), values=[figures.get(y, (0, 0))[0] for y in years]
            ),
            ChartSeries(
                name=_("Delegates present"), values=[figures.get(y, (0, 0))[1] for y in years]
            ),
        ],
        category_heading=_("Year"),
    )


def register() -> None:
    register_home_panel(
        "consultations_upcoming", _upcoming_panel, roles=CONSULTATION_ROLES, order=20
    )
    register_home_panel(
        "consultations_waitlists", _waitlist_panel, roles=CONSULTATION_ROLES, order=21
    )
    register_home_panel(
        "consultations_invitations", _invitations_panel, roles=CONSULTATION_ROLES, order=22
    )
    register_dashboard_aggregate(
        "consultations_attendance_by_year",
        lambda: selectors.attendance_by_year(since=FIRST_YEAR),
    )
    register_dashboard_chart("consultations_attendance", attendance_chart, order=30)
