"""API v1 — funding calls: search with the page's filters, and one call with every field."""

from __future__ import annotations

from typing import Annotated, Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from maillage.funding import access
from maillage.funding.api_rows import call_row
from maillage.funding.selectors import CallFilters, call_search
from maillage_core.funding.vocab import AidType, Audience, Theme

router = Router()
PER_PAGE = 50
MAX_ID = 2**63 - 1

ThemeSlug = Annotated[str, Field(pattern="^(" + "|".join(t.value for t in Theme) + ")$")]
AudienceSlug = Annotated[str, Field(pattern="^(" + "|".join(a.value for a in Audience) + ")$")]
AidTypeSlug = Annotated[str, Field(pattern="^(" + "|".join(a.value for a in AidType) + ")$")]


class CallQuery(Schema):
    q: str = Field("", max_length=200)
    open: bool = False
    closing_within: int | None = Field(None, ge=1, le=366)
    theme: list[ThemeSlug] = Field(default_factory=list, max_length=30)
    audience: list[AudienceSlug] = Field(default_factory=list, max_length=30)
    aid_type: list[AidTypeSlug] = Field(default_factory=list, max_length=30)
    perimeter: str = Field("", pattern=r"^(\d{5}|2[AB]\d{3})?$")
    funder: str = Field("", max_length=200)
    page: int = Field(1, ge=1, le=10000)


class PerimeterOut(Schema):
    kind: str
    code: str
    label: str


class CallOut(Schema):
    id: int
    source: str
    external_id: str
    title: str
    description: str
    url: str
    application_url: str
    funders: list[str]
    instructors: list[str]
    programmes: list[str]
    aid_types: list[str]
    is_aap: bool
    is_ami: bool
    recurrence: str | None
    opening_date: str | None
    predeposit_date: str | None
    deadline: str | None
    audiences: list[str]
    perimeter: PerimeterOut | None
    themes: list[str]
    subsidy_rate_min: int | None
    subsidy_rate_max: int | None
    amount_min: int | None
    amount_max: int | None
    naf_exclusions: list[str]
    source_categories: list[str]
    content_hash: str
    status: str
    staff_edited_fields: list[str]
    duplicate_of: int | None
    created_at: str
    updated_at: str


class CallPage(Schema):
    total: int
    page: int
    pages: int
    per_page: int
    results: list[CallOut]


@router.get("", response=CallPage, summary="Rechercher des appels et aides")
def calls_list(request: HttpRequest, filters: Query[CallQuery]) -> dict[str, Any]:
    qs = call_search(
        CallFilters(
            open_now=filters.open,
            closing_within=filters.closing_within,
            themes=tuple(filters.theme),
            audiences=tuple(filters.audience),
            aid_types=tuple(filters.aid_type),
            perimeter=filters.perimeter,
            funder=filters.funder.strip(),
            text=filters.q.strip(),
        ),
        today=timezone.localdate(),
    )
    paginator = Paginator(qs, PER_PAGE)
    page = paginator.get_page(filters.page)
    return {
        "total": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "per_page": PER_PAGE,
        "results": [call_row(c) for c in page.object_list],
    }


@router.get("/{call_id}", response=CallOut, summary="Un appel, tous ses champs")
def call_get(
    request: HttpRequest, call_id: Annotated[int, Field(ge=1, le=MAX_ID)]
) -> dict[str, Any]:
    return call_row(access.access_call_by_id(user=request.user, call_id=call_id))
