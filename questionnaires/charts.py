"""Bar charts drawn on the server as inline SVG: no script, no outside service, readable when
printed. The numbers are also in a table beside each chart (templates), which is what screen
readers are pointed to; the SVG is a picture of that table."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT = 28
GAP = 10
LABEL_WIDTH = 150
BAR_WIDTH = 200
WIDTH = LABEL_WIDTH + BAR_WIDTH + 70
LABEL_CHARS = 8  # a label longer than this is shortened in the picture (the table has it whole)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(title: str, bars: list[tuple[str, int, float]]) -> SafeString:
    """Horizontal bars, one per ``(label, count, percent)``; bar length is the percent."""
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg class="q-chart" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg" focusable="false">'
    ]
    for i, (label, count, percent) in enumerate(bars):
        y = GAP + i * (BAR_HEIGHT + GAP)
        length = max(BAR_WIDTH * percent / 100, 1 if count else 0)
        middle = y + BAR_HEIGHT / 2
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="middle" font-size="16" fill="currentColor">'
            f"{escape(_short(label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
            f'class="q-bar" fill="#b3261e"></rect>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{middle}" dominant-baseline="middle" '
            f'font-size="16" fill="currentColor">{percent:.1f}%</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label is escaped above


# Told apart by more than hue (lightness steps too), and printable in grey.
SERIES_COLOURS = (
    "#b3261e",
    "#1f5f99",
    "#e0a526",
    "#3c7d3e",
    "#6b3fa0",
    "#7a7a7a",
    "#d46a8c",
    "#2a9d8f",
)
SERIES_BAR = 14
LEGEND_ROW = 26
LEGEND_PER_ROW = 3


def series_colour(index: int) -> str:
    return SERIES_COLOURS[index % len(SERIES_COLOURS)]


def grouped_bar_chart(title: str, series: list[str], groups: list[tuple[str, list[float]]]):
    """A cluster of thin horizontal bars per group (a point, a region, a category), one bar per
    series (the options of the question), each as long as its percent of the group; a legend of
    the series on top. The cross table beside it carries the same numbers."""
    legend_rows = -(-len(series) // LEGEND_PER_ROW) if series else 0
    top = GAP + legend_rows * LEGEND_ROW
    cluster = len(series) * SERIES_BAR + GAP * 2
    height = top + len(groups) * cluster + GAP
    parts = [
        f'<svg class="q-chart q-chart-grouped" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg" focusable="false">'
    ]
    column = WIDTH // LEGEND_PER_ROW
    for i, label in enumerate(series):
        x = (i % LEGEND_PER_ROW) * column
        y = GAP + (i // LEGEND_PER_ROW) * LEGEND_ROW
        parts.append(
            f'<rect x="{x}" y="{y}" width="16" height="16" fill="{series_colour(i)}"></rect>'
            f'<text x="{x + 22}" y="{y + 8}" dominant-baseline="middle" font-size="14" '
            f'fill="currentColor">{escape(_short(label))}</text>'
        )
    for g, (label, percents) in enumerate(groups):
        y0 = top + g * cluster + GAP
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y0 + len(series) * SERIES_BAR / 2}" '
            f'text-anchor="end" dominant-baseline="middle" font-size="16" '
            f'fill="currentColor">{escape(_short(label))}</text>'
        )
        for i, percent in enumerate(percents):
            y = y0 + i * SERIES_BAR
            length = BAR_WIDTH * percent / 100
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{SERIES_BAR - 2}" '
                f'fill="{series_colour(i)}"></rect>'
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + SERIES_BAR / 2 - 1}" '
                f'dominant-baseline="middle" font-size="11" fill="currentColor">'
                f"{percent:.1f}%</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label is escaped above
