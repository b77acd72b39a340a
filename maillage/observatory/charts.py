"""SVG bar charts drawn on the server (no script, no network): a title, one bar per category,
French-formatted values; suppressed values are drawn as "s" without a bar."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from maillage.observatory.formatting import fr_number

BAR_H = 22
GAP = 6
LABEL_W = 280
BAR_W = 320
VALUE_W = 80


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: suppressed (secret statistique)


def bar_chart(title: str, bars: Sequence[Bar], *, decimals: int = 0) -> str:
    """Horizontal bars scaled to the largest published value; accessible (role="img", title,
    one <title> per bar)."""
    top = max((b.value for b in bars if b.value is not None), default=0) or 1
    height = len(bars) * (BAR_H + GAP) + GAP
    width = LABEL_W + BAR_W + VALUE_W
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, b in enumerate(bars):
        y = GAP + i * (BAR_H + GAP)
        label = b.label if len(b.label) <= 36 else b.label[:35] + "…"
        text = fr_number(b.value, decimals)
        parts.append(f'<g class="bar"><title>{escape(b.label)} : {text}</title>')
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{y + BAR_H - 7}" text-anchor="end" '
            f'class="chart-label">{escape(label)}</text>'
        )
        if b.value is not None:
            w = max(1.0, BAR_W * b.value / top) if b.value > 0 else 0.0
            parts.append(
                f'<rect x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{BAR_H}" class="chart-bar"/>'
            )
            tx = LABEL_W + w + 6
        else:
            tx = LABEL_W + 6
        parts.append(f'<text x="{tx:.1f}" y="{y + BAR_H - 7}" class="chart-value">{text}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
