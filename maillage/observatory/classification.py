"""Offer classification as a stream of JSON lines (the `classify-offers` command's logic)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from maillage_core.offers import Offer, OfferClassifier

MAX_LINE_CHARS = 200_000


class OfferLineError(ValueError):
    """A line that is not an offer; the message names the line and the reason."""


def offer_from_line(line: str, number: int) -> Offer | None:
    """One JSON line → Offer; None for a blank line; OfferLineError on anything else."""
    text = line.strip()
    if not text:
        return None
    if len(text) > MAX_LINE_CHARS:
        raise OfferLineError(f"line {number}: longer than {MAX_LINE_CHARS} characters")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise OfferLineError(f"line {number}: not valid JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise OfferLineError(f"line {number}: expected a JSON object")
    if not str(data.get("id") or "").strip():
        raise OfferLineError(f"line {number}: field 'id' is missing")
    if not str(data.get("intitule") or "").strip() and not str(data.get("description") or ""):
        raise OfferLineError(f"line {number}: neither 'intitule' nor 'description' is given")
    return Offer.from_json(data)


def classification_json(offer: Offer, classifier: OfferClassifier, top: int = 3) -> dict[str, Any]:
    result = classifier.classify(offer, top=top)
    return {
        "id": offer.id,
        "rome": list(result.codes[:top]),
        "skills": [{"code": s.code, "label": s.label, "kind": s.kind} for s in result.skills],
    }


def classify_lines(
    lines: Iterable[str], classifier: OfferClassifier, *, top: int = 3
) -> Iterator[dict[str, Any]]:
    """Classify each line as it is read (constant memory over any number of offers)."""
    for number, line in enumerate(lines, start=1):
        offer = offer_from_line(line, number)
        if offer is not None:
            yield classification_json(offer, classifier, top)
