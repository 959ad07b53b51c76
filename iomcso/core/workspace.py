"""The staff workspace: what each role sees on the admin home, and the dashboard's charts.

The core imports no app, yet the admin home shows each app's work (pending verifications,
upcoming consultations, applications to review). So each app registers, in its
``AppConfig.ready()``, small providers here:

- ``register_home_panel``: a list of things to do ("Pending verifications, oldest first"),
  shown to the staff groups named in ``roles`` (superusers see every panel);
- ``register_home_link``: a link to a staff page outside the admin's model list (the
  reviewer desk), shown to users with a permission or in a group;
- ``register_dashboard_chart``: a chart of the dashboard, built from SQL aggregates.

A provider receives the user and returns plain data; the core renders it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

logger = logging.getLogger(__name__)

Text = str | Promise


@dataclass(frozen=True)
class PanelRow:
    label: Text
    url: str = ""
    detail: Text = ""
    # A short warning shown emphasised next to the row ("serious concern").
    flag: Text = ""


# Panels count at most this many rows: "1,000+" reads as well as 104,211, and the capped
# count stops on the index instead of scanning a million-row table.
COUNT_CAP = 1000


def capped_count(queryset) -> int:
    """How many rows, counting no further than ``COUNT_CAP + 1``."""
    return queryset[: COUNT_CAP + 1].count()


@dataclass(frozen=True)
class Panel:
    title: Text
    rows: Sequence[PanelRow]
    total: int
    more_url: str = ""
    more_label: Text = ""
    empty_text: Text = ""
    # Column headings of the rows: what the label and the detail are.
    label_heading: Text = ""
    detail_heading: Text = ""

    @property
    def total_display(self) -> str:
        return f"{COUNT_CAP:,}+" if self.total > COUNT_CAP else f"{self.total:,}"


@dataclass(frozen=True)
class HomeLink:
    label: Text
    url: str
    description: Text = ""


@dataclass(frozen=True)
class _PanelProvider:
    key: str
    order: int
    roles: tuple[str, ...]
    build: Callable[..., Panel | None]


@dataclass(frozen=True)
class _LinkProvider:
    key: str
    order: int
    label: Text
    url_name: str
    description: Text
    roles: tuple[str, ...]
    permission: str


@dataclass
class ChartSeries:
    name: Text
    values: list[int]


@dataclass
class Chart:
    """Counts by category (a bar chart), over time (a line chart) or by country (a map).

    ``categories`` label the bars, the points on the time axis or the countries (ISO
    codes for a map); ``links`` optionally lead from each category to the filtered list.
    """

    key: str
    title: Text
    kind: str  # "bar", "line" or "map"
    categories: list[Text]
    series: list[ChartSeries]
    links: list[str] = field(default_factory=list)
    description: Text = ""
    category_heading: Text = ""
    # For a map: the country names shown in the table and the tooltips, by ISO code.
    category_names: dict[str, Text] = field(default_factory=dict)


@dataclass(frozen=True)
class _ChartProvider:
    key: str
    order: int
    build: Callable[[], Chart]


_panels: dict[str, _PanelProvider] = {}
_links: dict[str, _LinkProvider] = {}
_charts: dict[str, _ChartProvider] = {}


def register_home_panel(
    key: str, build: Callable[..., Panel | None], *, roles: Sequence[str] = (), order: int = 100
) -> None:
    """``build(user=...)`` returns the panel, or None when it has nothing to say to this user.

    ``roles`` are group names; empty means every staff user sees it.
    """
    _panels[key] = _PanelProvider(key=key, order=order, roles=tuple(roles), build=build)


def register_home_link(
    key: str,
    *,
    label: Text,
    url_name: str,
    description: Text = "",
    roles: Sequence[str] = (),
    permission: str = "",
    order: int = 100,
) -> None:
    """A staff page outside the model list; shown to superusers, ``roles`` or ``permission``."""
    _links[key] = _LinkProvider(
        key=key,
        order=order,
        label=label,
        url_name=url_name,
        description=description,
        roles=tuple(roles),
        permission=permission,
    )


def register_dashboard_chart(key: str, build: Callable[[], Chart], *, order: int = 100) -> None:
    _charts[key] = _ChartProvider(key=key, order=order, build=build)


def _user_groups(user) -> set[str]:
    cached = getattr(user, "_workspace_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._workspace_groups = cached
    return cached


def _is_for(user, roles: tuple[str, ...]) -> bool:
    if not roles or user.is_superuser:
        return True
    return bool(_user_groups(user) & set(roles))


def home_panels(*, user) -> list[Panel]:
    """The panels of this staff user's home, in registration order."""
    panels = []
    for provider in sorted(_panels.values(), key=lambda provider: provider.order):
        if not _is_for(user, provider.roles):
            continue
        panel = provider.build(user=user)
        if panel is not None:
            panels.append(panel)
    return panels


def home_links(*, user) -> list[HomeLink]:
    links = []
    for provider in sorted(_links.values(), key=lambda provider: provider.order):
        allowed = user.is_superuser
        if provider.roles and _user_groups(user) & set(provider.roles):
            allowed = True
        if provider.permission and user.has_perm(provider.permission):
            allowed = True
        if not provider.roles and not provider.permission:
            allowed = True
        if not allowed:
            continue
        try:
            url = reverse(provider.url_name)
        except NoReverseMatch:
            continue
        links.append(HomeLink(label=provider.label, url=url, description=provider.description))
    return links


def dashboard_charts() -> list[Chart]:
    return [provider.build() for provider in sorted(_charts.values(), key=lambda item: item.order)]


def dashboard_chart_keys() -> list[str]:
    return [key for key, _provider in sorted(_charts.items(), key=lambda item: item[1].order)]


def dashboard_chart(key: str) -> Chart:
    return _charts[key].build()


# --- Cached aggregates ----------------------------------------------------------------------
# A dashboard figure that scans a large table is registered as an aggregate: computed once,
# kept in the cache (Redis), refreshed by ``refresh_dashboard_aggregates_task`` through beat,
# so no staff request waits for a scan. Values are plain data (numbers, codes, dates as
# text); labels are added at render time, in the reader's language.

AGGREGATE_TIMEOUT = 60 * 60  # beat refreshes them every 10 minutes; an hour outlives a missed run
_aggregates: dict[str, Callable[[], object]] = {}


def register_dashboard_aggregate(key: str, compute: Callable[[], object]) -> None:
    _aggregates[key] = compute


def _cache_key(key: str) -> str:
    return f"dashboard-aggregate:{key}"


def dashboard_aggregate(key: str):
    """The cached value of an aggregate, computed (and cached) now when the cache has none."""
    value = cache.get(_cache_key(key))
    if value is None:
        value = _aggregates[key]()
        cache.set(_cache_key(key), value, AGGREGATE_TIMEOUT)
    return value


def dashboard_aggregates_refresh() -> int:
    """Recompute every registered aggregate into the cache; returns how many were stored."""
    stored = 0
    for key, compute in _aggregates.items():
        try:
            cache.set(_cache_key(key), compute(), AGGREGATE_TIMEOUT)
        except Exception:  # one failing figure must not keep the others stale
            logger.exception("dashboard aggregate %s failed", key)
            continue
        stored += 1
    cache.delete_many(dashboard_html_keys())  # drawn again from the new figures
    return stored


def dashboard_aggregates_forget() -> None:
    """Drop every cached aggregate and drawn dashboard (tests; after a bulk import)."""
    cache.delete_many([_cache_key(key) for key in _aggregates] + dashboard_html_keys())


def dashboard_html_key(language: str) -> str:
    return f"dashboard-html:{language}"


def dashboard_html_keys() -> list[str]:
    return [dashboard_html_key(code) for code, _name in settings.LANGUAGES]
