"""What the partner registry adds to the staff workspace: the registry officer's home
panels and the dashboard's partner charts (registered in ``PartnersConfig.ready``)."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from iomcso.core.roles import PARTNERSHIPS_OFFICER, READ_ONLY_VIEWER
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
from .choices import Level, PartnerType, Region, VerificationStatus
from .regions import country_name

REGISTRY_ROLES = (PARTNERSHIPS_OFFICER, READ_ONLY_VIEWER)
MONTHS = 24


def _changelist(query: str = "") -> str:
    url = reverse("admin:partners_organization_changelist")
    return f"{url}?{query}" if query else url


def _change_url(pk: int) -> str:
    return reverse("admin:partners_organization_change", args=[pk])


def _pending_panel(*, user) -> Panel:
    rows, total = selectors.pending_verifications_oldest_first()
    return Panel(
        title=_("Pending verifications, oldest first"),
        rows=[
            PanelRow(
                label=str(organization),
                url=_change_url(organization.pk),
                detail=gettext("registered %(date)s")
                % {"date": date_format(organization.created_at, "SHORT_DATE_FORMAT")},
            )
            for organization in rows
        ],
        total=total,
        more_url=_changelist("verification_status__exact=pending&o=-9"),
        more_label=_("All pending verifications"),
        empty_text=_("No organization is waiting for verification."),
    )


def _identity_panel(*, user) -> Panel:
    rows, total = selectors.identity_changes_to_review()
    return Panel(
        title=_("Identity changes to review"),
        rows=[
            PanelRow(
                label=str(organization),
                url=f"{reverse('portal:staff_identity_changes')}#org-{organization.pk}",
                detail=", ".join(label for label, _old, _new in organization.identity_change_rows),
            )
            for organization in rows
        ],
        total=total,
        more_url=reverse("portal:staff_identity_changes"),
        more_label=_("Review identity changes"),
        empty_text=_("No identity change is waiting for review."),
    )


def _duplicates_panel(*, user) -> Panel:
    rows, total = selectors.open_possible_duplicates()
    return Panel(
        title=_("Possible duplicates"),
        rows=[
            PanelRow(
                label=str(pair.organization),
                url=_change_url(pair.organization_id),
                detail=gettext("similar to %(name)s") % {"name": pair.similar_to},
            )
            for pair in rows
        ],
        total=total,
        more_url=_changelist("duplicates=yes"),
        more_label=_("All possible duplicates"),
        empty_text=_("No possible duplicate is open."),
    )


def _concerns_panel(*, user) -> Panel:
    rows, total = selectors.open_serious_concerns()
    return Panel(
        title=_("Serious concerns"),
        rows=[
            PanelRow(
                label=str(concern.organization),
                url=_change_url(concern.organization_id),
                detail=date_format(concern.created_at, "SHORT_DATE_FORMAT"),
                flag=_("serious concern"),
            )
            for concern in rows
        ],
        total=total,
        more_url=_changelist("concern=serious"),
        more_label=_("All organizations with a serious concern"),
        empty_text=_("No serious concern is open."),
    )


def _month_keys(today: date, months: int = MONTHS) -> list[str]:
    keys = []
    year, month = today.year, today.month
    for _step in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(keys))


def _month_label(key: str) -> str:
    year, month = key.split("-")
    # "Jan 2026", month abbreviated in the reader's language: 24 of them fit the axis.
    return date_format(date(int(year), int(month), 1), "M Y")


def _choice_chart(key: str, title, field: str, choices, heading, query_name: str) -> Chart:
    counts = dashboard_aggregate(key)
    return Chart(
        key=key,
        title=title,
        kind="bar",
        categories=[label for _value, label in choices],
        series=[
            ChartSeries(name=_("Organizations"), values=[counts.get(v, 0) for v, _l in choices])
        ],
        links=[_changelist(f"{query_name}={value}") for value, _label in choices],
        category_heading=heading,
    )


def by_type_chart() -> Chart:
    return _choice_chart(
        "partners_by_type",
        _("Partners by type"),
        "partner_type",
        PartnerType.choices,
        _("Partner type"),
        "partner_type__exact",
    )


def by_level_chart() -> Chart:
    return _choice_chart(
        "partners_by_level",
        _("Partners by level of work"),
        "level",
        Level.choices,
        _("Level"),
        "level__exact",
    )


def by_region_chart() -> Chart:
    return _choice_chart(
        "partners_by_region",
        _("Partners by region"),
        "regions",
        Region.choices,
        _("Region"),
        "region",
    )


def _monthly() -> tuple[list[str], dict[str, dict[str, int]]]:
    keys = _month_keys(timezone.localdate())
    by_month: dict[str, dict[str, int]] = {key: {} for key in keys}
    for month, status, total in dashboard_aggregate("partners_registrations_by_month"):
        if month in by_month:
            by_month[month][status] = total
    return keys, by_month


def registrations_chart() -> Chart:
    keys, by_month = _monthly()
    return Chart(
        key="partners_registrations",
        title=_("New registrations per month"),
        kind="line",
        categories=[_month_label(key) for key in keys],
        series=[
            ChartSeries(
                name=_("Organizations registered"),
                values=[sum(by_month[key].values()) for key in keys],
            )
        ],
        category_heading=_("Month"),
    )


def funnel_chart() -> Chart:
    keys, by_month = _monthly()
    return Chart(
        key="partners_funnel",
        title=_("Verification funnel over time"),
        kind="line",
        description=_(
            "For the organizations registered each month: how many registered, how many are "
            "verified today, and how many still wait for verification."
        ),
        categories=[_month_label(key) for key in keys],
        series=[
            ChartSeries(name=_("Registered"), values=[sum(by_month[key].values()) for key in keys]),
            ChartSeries(
                name=_("Verified"),
                values=[by_month[key].get(VerificationStatus.VERIFIED, 0) for key in keys],
            ),
            ChartSeries(
                name=_("Still pending"),
                values=[by_month[key].get(VerificationStatus.PENDING, 0) for key in keys],
            ),
        ],
        category_heading=_("Month registered"),
    )


def map_chart() -> Chart:
    counts = dashboard_aggregate("partners_by_country")
    codes = sorted(counts)
    return Chart(
        key="partners_map",
        title=_("Partners by headquarters country"),
        kind="map",
        description=_(
            "One square per country, placed roughly where the country is; the darker the "
            "square, the more partners. Each country opens the filtered list of organizations."
        ),
        categories=codes,
        series=[ChartSeries(name=_("Organizations"), values=[counts[code] for code in codes])],
        links=[_changelist(f"country={code}") for code in codes],
        category_heading=_("Country"),
        category_names={code: country_name(code) for code in codes},
    )


def register() -> None:
    register_home_panel("partners_pending", _pending_panel, roles=REGISTRY_ROLES, order=10)
    register_home_panel("partners_identity", _identity_panel, roles=REGISTRY_ROLES, order=11)
    register_home_panel("partners_duplicates", _duplicates_panel, roles=REGISTRY_ROLES, order=12)
    register_home_panel("partners_concerns", _concerns_panel, roles=REGISTRY_ROLES, order=13)

    register_dashboard_aggregate(
        "partners_by_type", lambda: selectors.partner_counts_by("partner_type")
    )
    register_dashboard_aggregate("partners_by_level", lambda: selectors.partner_counts_by("level"))
    register_dashboard_aggregate("partners_by_region", selectors.partner_counts_by_region)
    register_dashboard_aggregate("partners_by_country", selectors.partner_counts_by_country)
    register_dashboard_aggregate(
        "partners_registrations_by_month",
        lambda: selectors.registrations_by_month_and_status(months=MONTHS),
    )
    register_dashboard_chart("partners_map", map_chart, order=10)
    register_dashboard_chart("partners_by_type", by_type_chart, order=11)
    register_dashboard_chart("partners_by_level", by_level_chart, order=12)
    register_dashboard_chart("partners_by_region", by_region_chart, order=13)
    register_dashboard_chart("partners_registrations", registrations_chart, order=14)
    register_dashboard_chart("partners_funnel", funnel_chart, order=15)
