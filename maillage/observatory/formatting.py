"""French number formatting for published figures: 12 345,6 (narrow no-break space, comma)."""

from __future__ import annotations

NNBSP = "\u202f"


def fr_number(value: float | int | None, decimals: int = 0) -> str:
    """`12345.67` → "12 345,7" (decimals=1); None → "s" (secret statistique)."""
    if value is None:
        return "s"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NNBSP).replace(".", ",")


def fr_percent(value: float | None, decimals: int = 1) -> str:
    """`0.0172` → "1,7 %"; None → "–"."""
    if value is None:
        return "–"
    return f"{fr_number(value * 100, decimals)}\u00a0%"
