"""Occupation prior from observed hiring volumes: between two equally good readings of an
offer, the occupation employers hire most is the likelier one.

Input rows are (ROME code, hirings) pairs, e.g. La Bonne Boîte's ROME v3 × NAF table of DPAE
hirings (`rome_naf_mapping.csv`: `rome_id`, `naf_id`, `hirings`). ROME 4.0 fiches split from a
v3 fiche (`code_rome_parent`) share their parent's volume: the prior separates families,
never a parent from its children.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence


def hiring_volumes(rows: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Total hirings by ROME code (rows may repeat a code, e.g. one row per NAF)."""
    out: dict[str, int] = {}
    for code, hirings in rows:
        if hirings > 0:
            out[code] = out.get(code, 0) + hirings
    return out


def volume_scores(
    codes: Sequence[str], parents: Sequence[str], hirings: Mapping[str, int]
) -> list[float]:
    """Per fiche, ``ln(1 + h) / ln(1 + max h)`` in [0, 1], where ``h`` is the fiche's own volume
    or, when it has none, its parent's. All zeros when no volume is known."""
    top = math.log1p(max(hirings.values(), default=0))
    if top <= 0:
        return [0.0] * len(codes)
    return [
        math.log1p(hirings.get(code) or hirings.get(parent, 0)) / top
        for code, parent in zip(codes, parents, strict=True)
    ]
