"""A call as plain JSON data: every field of the model (CLI `--json` and the API)."""

from __future__ import annotations

from typing import Any

from maillage.funding import adapters
from maillage.funding.models import FundingCall


def call_row(call: FundingCall) -> dict[str, Any]:
    perimeter = (
        {"kind": call.perimeter_kind, "code": call.perimeter_code, "label": call.perimeter_label}
        if call.perimeter_kind
        else None
    )
    return {
        "id": call.pk,
        "source": call.source,
        "external_id": call.external_id,
        "title": call.title,
        "description": call.description,
        "url": call.url,
        "application_url": call.application_url,
        "funders": list(call.funders),
        "instructors": list(call.instructors),
        "programmes": list(call.programmes),
        "aid_types": list(call.aid_types),
        "is_aap": call.is_aap,
        "is_ami": call.is_ami,
        "recurrence": call.recurrence or None,
        "opening_date": adapters.json_value(call.opening_date),
        "predeposit_date": adapters.json_value(call.predeposit_date),
        "deadline": adapters.json_value(call.deadline),
        "audiences": list(call.audiences),
        "perimeter": perimeter,
        "themes": list(call.themes),
        "subsidy_rate_min": call.subsidy_rate_min,
        "subsidy_rate_max": call.subsidy_rate_max,
        "amount_min": call.amount_min,
        "amount_max": call.amount_max,
        "naf_exclusions": list(call.naf_exclusions),
        "source_categories": list(call.source_categories or ()),
        "content_hash": call.content_hash,
        "status": call.status,
        "staff_edited_fields": list(call.staff_edited_fields or ()),
        "duplicate_of": call.duplicate_of_id,
        "created_at": call.created_at.isoformat(),
        "updated_at": call.updated_at.isoformat(),
    }
