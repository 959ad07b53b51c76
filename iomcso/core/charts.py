"""Server-rendered SVG charts for the staff dashboard: no JavaScript, no CDN.

Each chart comes with the same figures as a table (the accessible alternative, and what a
screen reader reads); the SVG itself is one image with a title. Colours come from classes in
``static/site/admin.css`` (no inline styles under the content security policy).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .workspace import Chart
from .world_grid import CELLS, COLUMNS, ROWS

BAR_LABEL, BAR_HEIGHT, BAR_GAP, BAR_AREA = 18, 16, 8, 520
LINE_WIDTH, LINE_HEIGHT, LINE_LEFT, LINE_BOTTOM = 720, 260, 50, 40
CELL = 22
MAP_BUCKETS = 6


@dataclass
class ChartRow:
    label: object
    link: str
    values: list[int]


@dataclass
class RenderedChart:
    chart: Chart
    svg: SafeString
    rows: list[ChartRow]
    legend: list[tuple[str, str]]


def _bar_svg(chart: Chart) -> SafeString:
    # Each bar under its label, so long labels ("Migrants' organization (including diaspora
    # organizations)") are never cut, at any width.
    values = chart.series[0].values if chart.series else []
    top = max(values, default=0) or 1
    row = BAR_LABEL + BAR_HEIGHT + BAR_GAP
    height = len(values) * row + BAR_GAP
    bars = []
    for index, (label, value) in enumerate(zip(chart.categories, values, strict=False)):
        y = BAR_GAP + index * row
        length = round(value / top * BAR_AREA)
        bars.append(
            format_html(
                '<text class="chart-label" x="0" y="{}">{}</text>'
                '<rect class="chart-bar" x="0" y="{}" width="{}" height="{}"></rect>'
                '<text class="chart-value" x="{}" y="{}">{}</text>',
                y + BAR_LABEL - 5,
                label,
                y + BAR_LABEL,
                max(length, 1),
                BAR_HEIGHT,
                length + 6,
                y + BAR_LABEL + BAR_HEIGHT * 0.75,
                f"{value:,}",
            )
        )
    return format_html(
        '<svg class="chart chart-bar-chart" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="chart-{}-title"><title id="chart-{}-title">{}</title>{}</svg>',
        BAR_AREA + 70,
        height,
        chart.key,
        chart.key,
        chart.title,
        mark_safe("".join(bars)),  # noqa: S308 - each piece built by format_html above
    )


def _line_svg(chart: Chart) -> SafeString:
    count = len(chart.categories)
    top = max((max(series.values, default=0) for series in chart.series), default=0) or 1
    plot_width = LINE_WIDTH - LINE_LEFT - 20
    plot_height = LINE_HEIGHT - LINE_BOTTOM - 10
    step = plot_width / max(count - 1, 1)

    def x(index: int) -> float:
        return round(LINE_LEFT + index * step, 1)

    def y(value: int) -> float:
        return round(10 + plot_height - value / top * plot_height, 1)

    parts = [
        format_html(
            '<line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
            '<text class="chart-value" x="{}" y="{}" text-anchor="end">{}</text>'
            '<text class="chart-value" x="{}" y="{}" text-anchor="end">0</text>',
            LINE_LEFT,
            10 + plot_height,
            LINE_LEFT + plot_width,
            10 + plot_height,
            LINE_LEFT - 6,
            16,
            f"{top:,}",
            LINE_LEFT - 6,
            10 + plot_height,
        )
    ]
    # Label at most 8 points on the time axis, so they never overlap.
    every = max(1, -(-count // 8))
    for index, label in enumerate(chart.categories):
        if index % every == 0:
            parts.append(
                format_html(
                    '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                    x(index),
                    LINE_HEIGHT - LINE_BOTTOM + 24,
                    label,
                )
            )
    for number, series in enumerate(chart.series):
        points = " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(series.values))
        parts.append(
            format_html(
                '<polyline class="chart-line chart-series-{}" points="{}"></polyline>',
                number,
                points,
            )
        )
        for index, value in enumerate(series.values):
            parts.append(
                format_html(
                    '<circle class="chart-point chart-series-{}" cx="{}" cy="{}" r="3">'
                    "<title>{}: {} {}</title></circle>",
                    number,
                    x(index),
                    y(value),
                    series.name,
                    chart.categories[index],
                    f"{value:,}",
                )
            )
    return format_html(
        '<svg class="chart chart-line-chart" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="chart-{}-title"><title id="chart-{}-title">{}</title>{}</svg>',
        LINE_WIDTH,
        LINE_HEIGHT,
        chart.key,
        chart.key,
        chart.title,
        mark_safe("".join(parts)),  # noqa: S308 - each piece built by format_html above
    )


def map_bucket(value: int, top: int) -> int:
    """0 for no partner; 1..MAP_BUCKETS on a square-root scale (a few countries dominate)."""
    if value <= 0 or top <= 0:
        return 0
    # 1 + floor(sqrt(value / top) × (MAP_BUCKETS - 1)), in integers so the legend agrees.
    steps = (MAP_BUCKETS - 1) ** 2
    return min(MAP_BUCKETS, 1 + math.isqrt(value * steps // top))


def map_legend(top: int) -> list[tuple[str, str]]:
    """(class, "from N") for each bucket a count can fall in: the lowest count of a bucket is
    ``ceil(top × ((bucket - 1) / (MAP_BUCKETS - 1))²)``; a bucket no count reaches is left out."""
    lowest: dict[int, int] = {}
    if top > 0:
        for bucket in range(1, MAP_BUCKETS + 1):
            low = max(1, -(-top * (bucket - 1) ** 2 // (MAP_BUCKETS - 1) ** 2))
            lowest[low] = bucket  # same lowest count: the higher bucket is the one used
    legend = [("map-bucket-0", gettext("none"))]
    for low, bucket in sorted(lowest.items()):
        legend.append((f"map-bucket-{bucket}", gettext("from %(count)s") % {"count": f"{low:,}"}))
    return legend


def _map_svg(chart: Chart) -> tuple[SafeString, list[tuple[str, str]]]:
    values = dict(zip(chart.categories, chart.series[0].values, strict=False))
    links = dict(zip(chart.categories, chart.links, strict=False)) if chart.links else {}
    top = max(values.values(), default=0)
    tiles = []
    # 250 squares: plain strings with the two texts escaped, not 250 format_html calls
    # (a third of the page's time).
    for code, (column, row) in sorted(CELLS.items()):
        value = values.get(code, 0)
        bucket = map_bucket(value, top)
        name = escape(chart.category_names.get(code, code))
        tile = (
            f'<rect class="map-tile map-bucket-{bucket}" x="{column * CELL}" y="{row * CELL}" '
            f'width="{CELL - 2}" height="{CELL - 2}"></rect>'
            f'<text class="map-code map-code-{bucket}" x="{column * CELL + (CELL - 2) / 2}" '
            f'y="{row * CELL + CELL * 0.62}" text-anchor="middle">{escape(code)}</text>'
            f"<title>{name}: {value:,}</title>"
        )
        link = links.get(code)
        if value and link:
            tile = f'<a href="{escape(link)}" aria-label="{name}: {value:,}">{tile}</a>'
        tiles.append(tile)
    svg = format_html(
        # A group, not an image: its squares are links (an image may hold no controls).
        '<svg class="chart chart-map" viewBox="0 0 {} {}" role="group" '
        'aria-labelledby="chart-{}-title"><title id="chart-{}-title">{}</title>{}</svg>',
        COLUMNS * CELL,
        ROWS * CELL,
        chart.key,
        chart.key,
        chart.title,
        mark_safe("".join(tiles)),  # noqa: S308 - each piece built by format_html above
    )
    return svg, map_legend(top)


def render_chart(chart: Chart) -> RenderedChart:
    """The chart's SVG, its figures as table rows, and a legend for a map."""
    legend: list[tuple[str, str]] = []
    if chart.kind == "map":
        svg, legend = _map_svg(chart)
    elif chart.kind == "line":
        svg = _line_svg(chart)
    else:
        svg = _bar_svg(chart)
    rows = []
    for index, category in enumerate(chart.categories):
        label = chart.category_names.get(str(category), category)
        rows.append(
            ChartRow(
                label=label,
                link=chart.links[index] if index < len(chart.links) else "",
                values=[series.values[index] for series in chart.series],
            )
        )
    if chart.kind == "map":
        rows = [row for row in rows if any(row.values)]
        rows.sort(key=lambda row: -row.values[0])
    return RenderedChart(chart=chart, svg=svg, rows=rows, legend=legend)
