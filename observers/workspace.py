"""What observer status adds to the staff workspace: the reviewer's home panels, the link to
the reviewer desk, every staff member's reports, and the dashboard's observers chart
(registered in ``ObserversConfig.ready``)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from iomcso.core.roles import OBSERVER_REVIEWER
from iomcso.core.workspace import (
    Chart,
    ChartSeries,
    Panel,
    PanelRow,
    dashboard_aggregate,
    register_dashboard_aggregate,
    register_dashboard_chart,
    register_home_link,
    register_home_panel,
)

from . import selectors
from .models import ApplicationStatus, ReportStatus

FIRST_YEAR = 2011


def _since(moment) -> str:
    if moment is None:
        return ""
    return gettext("since %(date)s") % {
        "date": date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")
    }


def _waiting_panel(*, user) -> Panel:
    rows, total = selectors.applications_waiting_for_reviewer(user=user)
    return Panel(
        title=_("Applications waiting for review"),
        rows=[
            PanelRow(
                label=application.organization.name,
                url=reverse("observers:review_detail", args=[application.pk]),
                detail=f"{ApplicationStatus(application.status).label} {_since(application.status_changed_at)}",
                flag=_("you started assessing") if application.mine else "",
            )
            for application in rows
        ],
        total=total,
        more_url=reverse("observers:review_list"),
        more_label=_("Open the reviewer desk"),
        empty_text=_("No application is waiting for review."),
    )


def _overdue_panel(*, user) -> Panel:
    rows, total = selectors.information_requests_overdue(now=timezone.now())
    return Panel(
        title=_("Information requests overdue"),
        rows=[
            PanelRow(
                label=application.organization.name,
                url=reverse("observers:review_detail", args=[application.pk]),
                detail=gettext("asked %(date)s")
                % {
                    "date": date_format(
                        timezone.localtime(application.status_changed_at), "SHORT_DATE_FORMAT"
                    )
                },
            )
            for application in rows
        ],
        total=total,
        empty_text=_("No information request is overdue."),
    )


def _reports_panel(*, user) -> Panel | None:
    reports = selectors.reports_requested_by(user=user)
    if not reports:
        return None
    rows = []
    for report in reports:
        ready = report.status == ReportStatus.DONE and report.csv_file
        rows.append(
            PanelRow(
                label=f"{report.get_kind_display()} · {date_format(timezone.localtime(report.requested_at), 'SHORT_DATETIME_FORMAT')}",
                url=reverse("observers:report_download", args=[report.pk, "csv"]) if ready else "",
                detail=report.get_status_display(),
            )
        )
    return Panel(
        title=_("Reports you requested"),
        rows=rows,
        total=len(rows),
        more_url=reverse("admin:observers_eligibilityreport_changelist"),
        more_label=_("All reports"),
    )


def observers_chart() -> Chart:
    counts = dashboard_aggregate("observers_by_year")
    return Chart(
        key="observers_over_time",
        title=_("Observers over time"),
        kind="line",
        description=_("Organizations holding observer status at the end of each year."),
        categories=[str(year) for year, _count in counts],
        series=[ChartSeries(name=_("Observers"), values=[count for _year, count in counts])],
        category_heading=_("Year"),
    )


def register() -> None:
    register_home_link(
        "observers_review_desk",
        label=_("Reviewer desk"),
        url_name="observers:review_list",
        description=_("Observer-status applications to assess and decide"),
        roles=(OBSERVER_REVIEWER,),
        order=20,
    )
    register_home_panel("observers_waiting", _waiting_panel, roles=(OBSERVER_REVIEWER,), order=30)
    register_home_panel("observers_overdue", _overdue_panel, roles=(OBSERVER_REVIEWER,), order=31)
    register_home_panel("reports_requested", _reports_panel, order=90)
    register_dashboard_aggregate(
        "observers_by_year",
        lambda: selectors.observers_by_year(since=FIRST_YEAR, until=timezone.localdate().year),
    )
    register_dashboard_chart("observers_over_time", observers_chart, order=40)
