"""Human labels for facet values and INSEE codes shown on pages and in the API.

One query per facet whose values live in a table (départements, EPCI, domains, labels); the INSEE
size bands and the most common legal categories are small fixed nomenclatures kept here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from maillage.directory.models import Domain, Label, MembershipStatus, OrganisationKind
from maillage.opendata.models import Department, Epci
from maillage.search.types import SearchQuery, SearchResult

FACET_TITLES: dict[str, str] = {
    "department": "Département",
    "epci": "Intercommunalité (EPCI)",
    "kind": "Type d'organisation",
    "domain": "Domaine",
    "label": "Label",
    "size_band": "Taille",
    "member": "Adhésion au réseau",
}

# INSEE "tranche d'effectif salarié" (nomenclature des tranches d'effectifs).
SIZE_BANDS: dict[str, str] = {
    "NN": "Non employeur",
    "00": "0 salarié",
    "01": "1 ou 2 salariés",
    "02": "3 à 5 salariés",
    "03": "6 à 9 salariés",
    "11": "10 à 19 salariés",
    "12": "20 à 49 salariés",
    "21": "50 à 99 salariés",
    "22": "100 à 199 salariés",
    "31": "200 à 249 salariés",
    "32": "250 à 499 salariés",
    "41": "500 à 999 salariés",
    "42": "1 000 à 1 999 salariés",
    "51": "2 000 à 4 999 salariés",
    "52": "5 000 à 9 999 salariés",
    "53": "10 000 salariés et plus",
}

# The legal categories (INSEE, niveau III) that cover most of the directory.
LEGAL_CATEGORIES: dict[str, str] = {
    "1000": "Entrepreneur individuel",
    "5410": "SARL nationale",
    "5498": "SARL unipersonnelle (EURL)",
    "5499": "Société à responsabilité limitée (SARL)",
    "5599": "SA à conseil d'administration",
    "5710": "Société par actions simplifiée (SAS)",
    "5720": "SAS à associé unique (SASU)",
    "6540": "Société civile immobilière",
    "7210": "Commune et commune nouvelle",
    "7220": "Département",
    "7230": "Région",
    "7346": "Communauté de communes",
    "7348": "Communauté d'agglomération",
    "7344": "Métropole",
    "7343": "Communauté urbaine",
    "7383": "Établissement public national à caractère scientifique, culturel et professionnel",
    "7389": "Établissement public national à caractère administratif",
    "8510": "Association de droit local",
    "9220": "Association déclarée",
    "9221": "Association déclarée d'insertion par l'économique",
    "9230": "Association déclarée, reconnue d'utilité publique",
}

COUNTRIES: dict[str, str] = {
    "FR": "France",
    "DE": "Allemagne",
    "BE": "Belgique",
    "CH": "Suisse",
    "ES": "Espagne",
    "IT": "Italie",
    "LU": "Luxembourg",
    "NL": "Pays-Bas",
    "GB": "Royaume-Uni",
    "IE": "Irlande",
    "US": "États-Unis",
    "CA": "Canada",
    "IN": "Inde",
    "CN": "Chine",
    "JP": "Japon",
}


FACET_VISIBLE = 8


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetGroup:
    name: str
    title: str
    options: list[FacetOption]

    @property
    def first(self) -> list[FacetOption]:
        """Shown at once; the rest sits behind a "show more" disclosure (no script needed)."""
        return self.options[:FACET_VISIBLE]

    @property
    def more(self) -> list[FacetOption]:
        return self.options[FACET_VISIBLE:]

    @property
    def more_selected(self) -> bool:
        return any(o.selected for o in self.more)


def size_band_label(code: str) -> str:
    return SIZE_BANDS.get(code, code)


def legal_category_label(code: str) -> str:
    return LEGAL_CATEGORIES.get(code, "")


def country_label(code: str) -> str:
    return COUNTRIES.get(code.upper(), code)


def facet_labels(facets: dict[str, list[tuple[str, int]]]) -> dict[str, dict[str, str]]:
    """facet name → value → label, with one query per table-backed facet present."""

    def values(name: str) -> list[str]:
        return [v for v, _ in facets.get(name, [])]

    labels: dict[str, dict[str, str]] = {}
    if values("department"):
        labels["department"] = {
            d.code: f"{d.name} ({d.code})"
            for d in Department.objects.filter(code__in=values("department"))
        }
    if values("epci"):
        labels["epci"] = {e.siren: e.name for e in Epci.objects.filter(siren__in=values("epci"))}
    if values("domain"):
        labels["domain"] = {
            d.slug: d.label for d in Domain.objects.filter(slug__in=values("domain"))
        }
    if values("label"):
        labels["label"] = {
            lbl.slug: lbl.name for lbl in Label.objects.filter(slug__in=values("label"))
        }
    labels["kind"] = {k.value: str(k.label).capitalize() for k in OrganisationKind}
    labels["size_band"] = dict(SIZE_BANDS)
    labels["member"] = {"yes": "Adhérent", "no": "Non adhérent"}
    return labels


def facet_groups(
    facets: dict[str, list[tuple[str, int]]], selected: dict[str, tuple[str, ...]]
) -> list[FacetGroup]:
    """Facets for display: every value with its count; selected values stay listed even at 0."""
    labels = facet_labels(facets)
    groups = []
    for name, title in FACET_TITLES.items():
        counts = dict(facets.get(name, []))
        for value in selected.get(name, ()):
            counts.setdefault(value, 0)
        chosen = set(selected.get(name, ()))
        ordered = sorted(counts.items(), key=lambda vc: (vc[0] not in chosen, -vc[1], vc[0]))
        if name == "size_band":
            order = list(SIZE_BANDS)
            ordered = sorted(
                counts.items(),
                key=lambda vc: (order.index(vc[0]) if vc[0] in order else 99, vc[0]),
            )
        options = [
            FacetOption(
                value=value,
                label=labels.get(name, {}).get(value, value),
                count=count,
                selected=value in selected.get(name, ()),
            )
            for value, count in ordered
        ]
        if options:
            groups.append(FacetGroup(name=name, title=title, options=options))
    return groups


def membership_label(status: str) -> str:
    return str(MembershipStatus(status).label) if status in MembershipStatus.values else status


def disjunctive_facets(
    query: SearchQuery, result: SearchResult, search: Callable[[SearchQuery], SearchResult]
) -> dict[str, list[tuple[str, int]]]:
    """Facet counts where each filtered facet ignores its own filter (OR inside a facet).

    With "Calvados" ticked, the département facet still counts Manche, Eure… under the other
    filters, so the user can add them; one extra one-row search per filtered facet.
    """
    counts = dict(result.facets)
    for name in query.filters:
        others = {k: v for k, v in query.filters.items() if k != name}
        widened = search(replace(query, filters=others, page=1, per_page=1))
        counts[name] = widened.facets.get(name, [])
    return counts
