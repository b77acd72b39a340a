"""Small horizontal bar charts drawn server-side as SVG geometry (no script, no inline style:
the template turns each bar into a <rect> with a class)."""

from __future__ import annotations

from dataclasses import dataclass

LABEL_WIDTH = 230
BAR_AREA = 300
ROW_HEIGHT = 24
BAR_HEIGHT = 16


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as written next to the bar
    y: int
    width: float
    highlight: bool
    value_x: float  # where the value is written, just after the bar


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def bar_chart(title: str, rows: list[tuple[str, float, str, bool]]) -> BarChart:
    """Rows are (label, value, value as text, highlighted); bar length = value / max × area."""
    top = max((v for _label, v, _s, _h in rows), default=0.0)
    bars = tuple(
        Bar(
            label=label,
            value=value,
            shown=shown,
            y=i * ROW_HEIGHT,
            width=round(BAR_AREA * value / top, 1) if top > 0 else 0.0,
            highlight=highlight,
            value_x=LABEL_WIDTH + (round(BAR_AREA * value / top, 1) if top > 0 else 0.0) + 6,
        )
        for i, (label, value, shown, highlight) in enumerate(rows)
    )
    return BarChart(
        title=title,
        bars=bars,
        width=LABEL_WIDTH + BAR_AREA + 60,
        height=max(ROW_HEIGHT, len(bars) * ROW_HEIGHT),
    )


# Delay buckets for the time to first answer, in hours (upper bounds, last is open).
DELAY_BUCKETS: tuple[tuple[str, float], ...] = (
    ("moins de 4 h", 4),
    ("4 à 24 h", 24),
    ("1 à 3 jours", 72),
    ("3 à 7 jours", 168),
    ("plus de 7 jours", float("inf")),
)


def delay_histogram(hours: list[float]) -> list[tuple[str, float, str, bool]]:
    """Counts of delays per bucket; buckets beyond 3 days are highlighted."""
    counts = [0] * len(DELAY_BUCKETS)
    for h in hours:
        for i, (_label, upper) in enumerate(DELAY_BUCKETS):
            if h < upper:
                counts[i] += 1
                break
    return [
        (label, float(n), str(n), upper > 72)
        for (label, upper), n in zip(DELAY_BUCKETS, counts, strict=True)
    ]
