"""`{{ value|fund_label }}`: the French label of a theme, audience or aid type slug."""

from __future__ import annotations

from django import template

from maillage_core.funding.vocab import AidType, Audience, Recurrence, Theme

register = template.Library()

_LABELS: dict[str, str] = {
    **{t.value: t.label for t in Theme},
    **{a.value: a.label for a in Audience},
    **{a.value: a.label for a in AidType},
    **{r.value: r.label for r in Recurrence},
}


@register.filter
def fund_label(value: str) -> str:
    return _LABELS.get(value, value)


@register.filter
def euros(value: int | None) -> str:
    if value is None:
        return ""
    return f"{value:,}".replace(",", "\u202f") + " €"
