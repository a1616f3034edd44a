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
