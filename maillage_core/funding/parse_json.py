"""JSON parsers: the Aides-territoires API and two provider APIs (Département de la Manche,
ADEME « AGIR »).

Each takes the raw bytes of one response and returns a `ParseReport`; the file is refused whole
on any error. `line` in an issue is the 1-based position of the item in the response's list.
Unknown vocabulary labels are *warnings* for these sources (provider vocabularies drift and
a label we cannot map must not block the other fields), errors for the Aides-territoires API.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from maillage_core.funding._common import (
    MAX_BYTES,
    MAX_RECORDS,
    InputError,
    ReportBuilder,
    clean_text,
    clean_url,
    decode,
    looks_like_ami,
    map_values,
    parse_amount,
    parse_date,
    parse_percent,
    perimeter_from_name,
    refused,
    split_multi,
    to_aid_type,
    to_audience,
    to_recurrence,
)
from maillage_core.funding.types import FRANCE, CallRecord, ParseReport, Perimeter
from maillage_core.funding.vocab import (
    Audience,
    PerimeterKind,
    Recurrence,
    Theme,
    fold,
)

AT_API = "aides-territoires-api"
AT_SITE = "https://aides-territoires.beta.gouv.fr"
MANCHE = "departement-manche"
ADEME_AGIR = "ademe-agir"

Item = dict[str, Any]
ItemParser = Callable[[int, Item, ReportBuilder], CallRecord | None]


def _no_constant(name: str) -> None:
    """NaN and Infinity are not JSON (RFC 8259 §6), although Python's parser accepts them."""
    raise json.JSONDecodeError(f"constante non JSON {name}", name, 0)


def _load(
    data: bytes | str, format_name: str, list_key: str, max_bytes: int
) -> tuple[dict[str, Any], list[Any]] | ParseReport:
    try:
        document = json.loads(decode(data, max_bytes=max_bytes), parse_constant=_no_constant)
    except InputError as exc:
        return refused(format_name, str(exc))
    except json.JSONDecodeError as exc:
        return refused(format_name, f"JSON invalide (fichier tronqué ?) : {exc}", line=exc.lineno)
    if not isinstance(document, dict):
        return refused(format_name, "objet JSON attendu à la racine")
    items = document.get(list_key)
    if not isinstance(items, list):
        return refused(format_name, "liste attendue", field_name=list_key)
    return document, items


def _parse_items(
    items: list[Any], format_name: str, parse_item: ItemParser, max_records: int
) -> ReportBuilder:
    b = ReportBuilder(format_name, max_records=max_records)
    for index, item in enumerate(items, start=1):
        if not b.count_row():
            break
        if not isinstance(item, dict):
            b.error(index, "", "objet attendu")
            continue
        before = len(b.errors)
        record = parse_item(index, item, b)
        if record is not None and len(b.errors) == before:
            b.add(index, record)
    return b


def _text_field(index: int, item: Item, key: str, b: ReportBuilder, *, required: bool) -> str:
    value = item.get(key)
    if value is not None and not isinstance(value, str | int):
        b.error(index, key, "texte attendu")
        return ""
    text = clean_text(value)
    if required and not text:
        b.error(index, key, "valeur obligatoire")
    return text


def _date_field(index: int, item: Item, key: str, b: ReportBuilder) -> date | None:
    try:
        return parse_date(item.get(key))
    except (ValueError, TypeError):
        b.error(index, key, f"date invalide « {item.get(key)} »")
        return None


def _number_field(
    index: int, item: Item, key: str, convert: Callable[[object], int | None], b: ReportBuilder
) -> int | None:
    try:
        return convert(item.get(key))
    except (ValueError, TypeError):
        b.error(index, key, f"nombre invalide « {item.get(key)} »")
        return None


def _list_field(index: int, item: Item, key: str, b: ReportBuilder) -> tuple[str, ...]:
    value = item.get(key)
    if value is None or isinstance(value, str):
        return split_multi(value)  # some providers give one name as a plain string
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        b.error(index, key, "liste de textes attendue")
        return ()
    return split_multi(value)


# Aides-territoires writes a perimeter as "Name (Scale)", or "Name (Commune – zip codes)".
_SCALED = re.compile(r"^(?P<name>.*?)\s*\((?P<scale>[^)–-]*)(?:[–-][^)]*)?\)\s*$")
_SCALES = {
    "region": PerimeterKind.REGION,
    "departement": PerimeterKind.DEPARTEMENT,
    "pays": PerimeterKind.FRANCE,
    "continent": PerimeterKind.EUROPE,
}


def _perimeter(index: int, value: object, b: ReportBuilder) -> Perimeter | None:
    """A région, département, France or Europe; other scales (commune, EPCI, basin, ad hoc)
    need reference tables this pure code does not have: a warning asks staff to qualify them."""
    if not value:
        return None
    name, kind = str(value), None
    m = _SCALED.match(name)
    if m:
        name = m.group("name")
        kind = _SCALES.get(fold(m.group("scale")), PerimeterKind.COMMUNE)
    found = None if kind is PerimeterKind.COMMUNE else perimeter_from_name(name, kind)
    if found is None:
        b.warn(index, "perimeter", f"périmètre non reconnu « {value} », à qualifier")
    return found


# --- Aides-territoires API (GET /api/aids/, paginated {count, next, previous, results}) ----


def parse_aides_territoires_api(
    data: bytes | str,
    *,
    source: str = "aides-territoires",
    max_bytes: int = MAX_BYTES,
    max_records: int = MAX_RECORDS,
) -> ParseReport:
    """Parse one page of the Aides-territoires aids endpoint; `next_page` is the `next` URL.

    Fields follow the API's aid serializer: id, slug, url, name, financers, instructors,
    programs, description, eligibility, perimeter, origin_url, categories ("Thème|Catégorie"),
    is_call_for_project, application_url, targeted_audiences, aid_types, start_date,
    predeposit_date, submission_deadline, subvention_rate_lower/upper_bound, loan_amount,
    recoverable_advance_amount, recurrence. Its vocabulary labels must be known.
    """
    loaded = _load(data, AT_API, "results", max_bytes)
    if isinstance(loaded, ParseReport):
        return loaded
    document, items = loaded

    def parse_item(index: int, item: Item, b: ReportBuilder) -> CallRecord | None:
        return _at_api_item(index, item, b, source)

    b = _parse_items(items, AT_API, parse_item, max_records)
    next_page = document.get("next")
    if next_page is not None and not isinstance(next_page, str):
        b.error(0, "next", "URL ou null attendu")
    b.next_page = clean_url(next_page)
    return b.build()


def _at_api_item(index: int, item: Item, b: ReportBuilder, source: str) -> CallRecord | None:
    external_id = item.get("id")
    if not isinstance(external_id, int | str) or str(external_id).strip() == "":
        b.error(index, "id", "identifiant manquant")
        return None
    title = _text_field(index, item, "name", b, required=True)
    url = clean_url(item.get("origin_url")) or clean_url(item.get("url"))
    if url.startswith("/"):  # the API's own page, given relative to the site
        url = AT_SITE + url
    audiences, unknown = map_values(_list_field(index, item, "targeted_audiences", b), to_audience)
    for label in unknown:
        b.error(index, "targeted_audiences", f"public inconnu « {label} »")
    aid_types, unknown = map_values(_list_field(index, item, "aid_types", b), to_aid_type)
    for label in unknown:
        b.error(index, "aid_types", f"type d'aide inconnu « {label} »")
    recurrence = None
    if item.get("recurrence"):
        recurrence = to_recurrence(str(item["recurrence"]))
        if recurrence is None:
            b.error(index, "recurrence", f"récurrence inconnue « {item['recurrence']} »")
    is_call = item.get("is_call_for_project") is True
    description = _text_field(index, item, "description", b, required=False)
    eligibility = _text_field(index, item, "eligibility", b, required=False)
    loan = _number_field(index, item, "loan_amount", parse_amount, b)
    advance = _number_field(index, item, "recoverable_advance_amount", parse_amount, b)
    amounts = [a for a in (loan, advance) if a is not None]
    return CallRecord(
        source=source,
        external_id=str(external_id),
        title=title,
        url=url,
        description="\n\n".join(t for t in (description, eligibility) if t),
        application_url=clean_url(item.get("application_url")),
        funders=_list_field(index, item, "financers", b),
        instructors=_list_field(index, item, "instructors", b),
        programmes=_list_field(index, item, "programs", b),
        aid_types=aid_types,
        is_aap=is_call and not looks_like_ami(title),
        is_ami=is_call and looks_like_ami(title),
        recurrence=recurrence,
        opening_date=_date_field(index, item, "start_date", b),
        predeposit_date=_date_field(index, item, "predeposit_date", b),
        deadline=_date_field(index, item, "submission_deadline", b),
        audiences=audiences,
        perimeter=_perimeter(index, item.get("perimeter"), b),
        subsidy_rate_min=_number_field(
            index, item, "subvention_rate_lower_bound", parse_percent, b
        ),
        subsidy_rate_max=_number_field(
            index, item, "subvention_rate_upper_bound", parse_percent, b
        ),
        amount_max=max(amounts) if amounts else None,
        source_categories=_list_field(index, item, "categories", b),
    )


# --- Département de la Manche aid guide API ({count, aides: [...]}) ----------------------

MANCHE_PERIMETER = Perimeter(PerimeterKind.DEPARTEMENT, "50", "Manche")
MANCHE_FUNDER = "Conseil départemental de la Manche"
# The Manche API's own audience wordings that stand for several of ours.
_MANCHE_AUDIENCES: dict[str, tuple[Audience, ...]] = {
    "collectivite ou etablissement public": (
        Audience.COMMUNE,
        Audience.EPCI,
        Audience.DEPARTEMENT,
        Audience.REGION,
        Audience.ETABLISSEMENT_PUBLIC,
    ),
}


def parse_departement_manche(
    data: bytes | str,
    *,
    source: str = MANCHE,
    max_bytes: int = MAX_BYTES,
    max_records: int = MAX_RECORDS,
) -> ParseReport:
    """Parse the Département de la Manche aid guide API (`{count, aides: [...]}`).

    Every aid is the Département's: perimeter Manche (50), funder the Conseil départemental.
    Its `aid_types` hold the Département's own programmes ("Contrat de territoire 2022-2028"),
    so labels that are not aid types become programmes. `is_call_for_project` is usually null;
    a title starting "Appel à projets" then marks an AAP.
    """
    loaded = _load(data, MANCHE, "aides", max_bytes)
    if isinstance(loaded, ParseReport):
        return loaded

    def parse_item(index: int, item: Item, b: ReportBuilder) -> CallRecord | None:
        return _manche_item(index, item, b, source)

    return _parse_items(loaded[1], MANCHE, parse_item, max_records).build()


def _manche_item(index: int, item: Item, b: ReportBuilder, source: str) -> CallRecord | None:
    external_id = str(item.get("id") or "").strip()
    if not external_id:
        b.error(index, "id", "identifiant manquant")
        return None
    title = _text_field(index, item, "name", b, required=True)
    audiences: list[Audience] = []
    for label in _list_field(index, item, "targeted_audiences", b):
        mapped = _MANCHE_AUDIENCES.get(fold(label))
        single = to_audience(label)
        candidates = mapped or ((single,) if single else ())
        if not candidates:
            b.warn(index, "targeted_audiences", f"public non reconnu « {label} »")
        audiences.extend(a for a in candidates if a not in audiences)
    aid_types, programmes = map_values(_list_field(index, item, "aid_types", b), to_aid_type)
    recurrence = to_recurrence(str(item.get("recurrence") or ""))
    if recurrence is None and item.get("recurrence"):
        b.warn(index, "recurrence", f"récurrence non reconnue « {item['recurrence']} »")
    folded = fold(title)
    is_call = item.get("is_call_for_project") is True or folded.startswith("appel a projet")
    ami = looks_like_ami(title)
    parts = [
        _text_field(index, item, key, b, required=False) for key in ("description", "eligibility")
    ]
    return CallRecord(
        source=source,
        external_id=external_id,
        title=title,
        url=clean_url(item.get("origin_url")),
        description="\n\n".join(p for p in parts if p),
        application_url=clean_url(item.get("application_url")),
        funders=(MANCHE_FUNDER,),
        programmes=programmes,
        aid_types=aid_types,
        is_aap=is_call and not ami,
        is_ami=ami,
        recurrence=recurrence,
        opening_date=_date_field(index, item, "start_date", b),
        predeposit_date=_date_field(index, item, "predeposit_date", b),
        deadline=_date_field(index, item, "submission_deadline", b),
        audiences=tuple(audiences),
        perimeter=MANCHE_PERIMETER,
        source_categories=_list_field(index, item, "categories", b),
    )


# --- ADEME « AGIR » API ({NbDispositif, ListeDispositifs: [...]}) ------------------------

ADEME_FUNDER = "ADEME"
# AGIR thematic codes seen in the API, with our themes (everything ADEME funds is ecological
# transition; some codes add a more specific theme).
_ADEME_THEMES: dict[str, Theme] = {
    "ENR": Theme.ENERGIE,
    "ENRAUT": Theme.ENERGIE,
    "GEOTER": Theme.ENERGIE,
    "BOIBIO": Theme.ENERGIE,
    "MTR": Theme.MOBILITE,
    "ALIBIO": Theme.AGRICULTURE_ALIMENTATION,
}


def parse_ademe_agir(
    data: bytes | str,
    *,
    source: str = ADEME_AGIR,
    max_bytes: int = MAX_BYTES,
    max_records: int = MAX_RECORDS,
) -> ParseReport:
    """Parse the ADEME « AGIR » API (`ListeDispositifs`). AGIR is ADEME's aid catalogue for
    companies, so audience is `entreprise`; `type` "AAP" marks a call for projects (one-off);
    `couverture_geo.libelle` "National" gives France, a single region name that region."""
    loaded = _load(data, ADEME_AGIR, "ListeDispositifs", max_bytes)
    if isinstance(loaded, ParseReport):
        return loaded

    def parse_item(index: int, item: Item, b: ReportBuilder) -> CallRecord | None:
        return _ademe_item(index, item, b, source)

    return _parse_items(loaded[1], ADEME_AGIR, parse_item, max_records).build()


def _ademe_item(index: int, item: Item, b: ReportBuilder, source: str) -> CallRecord | None:
    external_id = str(item.get("id") or "").strip()
    if not external_id:
        b.error(index, "id", "identifiant manquant")
        return None
    title = _text_field(index, item, "titre", b, required=True)
    url = clean_url(item.get("url_agir"))
    if not url.startswith(("http://", "https://")):
        b.error(index, "url_agir", "URL manquante ou invalide")
    kind = str(item.get("type") or "")
    codes = _list_field(index, item, "thematiques", b)
    themes = [Theme.TRANSITION_ECOLOGIQUE]
    themes.extend(_ADEME_THEMES[c] for c in codes if c in _ADEME_THEMES)
    coverage = item.get("couverture_geo") or {}
    perimeter: Perimeter | None = None
    if isinstance(coverage, dict) and fold(str(coverage.get("libelle", ""))) == "national":
        perimeter = FRANCE
    else:
        regions = _list_field(index, item, "regions", b)
        if len(regions) == 1:
            perimeter = _perimeter(index, regions[0], b)
        else:
            b.warn(index, "couverture_geo", "couverture géographique à qualifier")
    return CallRecord(
        source=source,
        external_id=external_id,
        title=title,
        url=url,
        description=_text_field(index, item, "description_longue", b, required=False),
        application_url=url,
        funders=(ADEME_FUNDER,),
        is_aap=kind == "AAP",
        recurrence=Recurrence.PONCTUELLE if kind == "AAP" else None,
        opening_date=_date_field(index, item, "date_debut", b),
        deadline=_date_field(index, item, "date_fin", b),
        audiences=(Audience.ENTREPRISE,),
        perimeter=perimeter,
        themes=tuple(dict.fromkeys(themes)),
        source_categories=tuple(c for c in codes if c) + ((kind,) if kind else ()),
    )
