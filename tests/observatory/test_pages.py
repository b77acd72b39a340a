"""Observatory pages, maps, exports and API through HTTP, with disclosure control applied."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq  # type: ignore[import-untyped]  # pyarrow ships no type stubs
import pytest
from django.core.management import call_command
from django.test import Client

from maillage.observatory.charts import Bar, bar_chart
from maillage.observatory.contours import contours_dir
from maillage.observatory.formatting import fr_number, fr_percent
from maillage.observatory.maps import choropleth, territories_from_geojson
from tests.observatory.builders import observatory_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def observatory(mini_opendata: None, obs_fixtures: Path) -> None:
    observatory_build()
    call_command(
        "observatory_barometer",
        "--from-sirene",
        str(obs_fixtures / "sirene_stock_small.csv"),
        stdout=io.StringIO(),
    )


def test_french_number_format() -> None:
    assert fr_number(8758) == "8\u202f758"
    assert fr_number(1234.56, 1) == "1\u202f234,6"
    assert fr_number(None) == "s"
    assert fr_percent(0.0172) == "1,7\u00a0%"


def test_bar_chart_escapes_and_marks_suppressed() -> None:
    svg = bar_chart("Titre", [Bar("<b>x</b>", 1200), Bar("caché", None)])
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    assert svg.count("<rect") == 1 and "1\u202f200" in svg and ">s</text>" in svg


def test_choropleth_one_path_per_territory() -> None:
    square = [[[0, 49], [1, 49], [1, 50], [0, 50], [0, 49]]]
    doc = {
        "features": [
            {
                "properties": {"code": c, "nom": n},
                "geometry": {"type": "Polygon", "coordinates": square},
            }
            for c, n in (("14", "Calvados"), ("50", "Manche"), ("61", "Orne"))
        ]
    }
    svg = choropleth("Carte", territories_from_geojson(doc, "code"), {"14": 10, "50": None})
    assert svg.count("<path") == 3
    assert 'data-code="50"' in svg and "qs" in svg and "qn" in svg  # suppressed, no data
    legend = svg[svg.index('<ul class="map-legend"') :]
    assert legend.count("<li>") == 3  # one value class, secret, no data
    assert "s : secret statistique" in legend and "pas de donnée" in legend


def test_choropleth_legend_gives_each_class_its_real_range() -> None:
    square = [[[0, 49], [1, 49], [1, 50], [0, 50], [0, 49]]]
    doc = {
        "features": [
            {"properties": {"code": str(c)}, "geometry": {"type": "Polygon", "coordinates": square}}
            for c in range(6)
        ]
    }
    values = {"0": 1200, "1": 3, "2": 4, "3": 0, "4": 10}  # "5": no data
    svg = choropleth("Carte", territories_from_geojson(doc, "code"), values)
    legend = svg[svg.index('<ul class="map-legend"') :]
    assert '<span class="swatch q1" aria-hidden="true"></span>3 à 10</li>' in legend
    assert '<span class="swatch q5" aria-hidden="true"></span>1\u202f200</li>' in legend
    assert "q2" not in legend and ">0</li>" in legend and "pas de donnée" in legend
    assert "secret" not in legend  # nothing suppressed here


@pytest.mark.shared_data
def test_real_contours_render(shared_data: Path) -> None:
    contours = shared_data / "geo" / "contours"
    epci = json.loads((contours / "normandie_epci_2024.geojson").read_text(encoding="utf-8"))
    territories = territories_from_geojson(epci, "siren")
    svg = choropleth("EPCI", territories, {t.code: 20 for t in territories})
    assert svg.count("<path") == 71


def test_index_page(client: Client, observatory: None) -> None:
    page = client.get("/observatoire/").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in page
    if contours_dir() is not None:  # the contours are read from ../shared/data at runtime
        start = page.index('aria-label="Offres d&#x27;emploi par département"')
        offers_map = page[start : page.index("</svg>", start)]
        assert offers_map.count("<path") == 5  # the five départements of Normandy
    assert "M1805" in page and "Développeur" in page
    assert "Écrire du code source : 37" in page  # the 37 M1805 offers cite it (bar title)
    assert '<th scope="row">2026-03</th><td>23</td>' in page  # 48 offers, odd positions
    assert "définition du secteur numérique" in page and "données au 2024-03-21" in page
    assert "66,7\u00a0%" in page  # 4 of the 6 digital establishments are in the region
    assert '<th scope="row">2021</th>' in page  # years are not quantities: no separator
    assert '<th scope="row">Ingénieurs informatique</th><td>120</td><td>66,7\u00a0%</td>' in page
    assert "camille" not in page.lower()  # nothing personal


def test_report_page_is_printable(client: Client, observatory: None) -> None:
    page = client.get("/observatoire/rapport/").content.decode()
    assert "Rapport de l'observatoire" in page and 'class="report"' in page


def test_csv_export_is_protected(client: Client, observatory: None) -> None:
    response = client.get("/observatoire/export/demande.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="maillage-demande.csv"'
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0] == ["code_rome", "libelle", "14", "50", "76", "total"]
    labels = {line[0]: line[1] for line in lines[1:]}
    assert labels["M1805"] == "Développeur / Développeuse informatique"
    rows = {line[0]: line[2:] for line in lines[1:]}
    assert rows["M1844"][1] == "s"  # one offer: hidden
    assert rows["total"][3] == "48"  # 12 + 5 + 20 + 4 + 1 + 6
    assert any(v not in ("s", "0") for v in rows["M1805"][:3])
    # secondary suppression: no line or column has a single hidden value to recompute
    grid = [rows[r] for r in ("M1805", "M1844", "total")]
    for line in [*grid, *zip(*grid, strict=True)]:
        assert list(line).count("s") != 1


def test_parquet_export(client: Client, observatory: None) -> None:
    response = client.get("/observatoire/export/demande.parquet")
    table = pq.read_table(io.BytesIO(response.content)).to_pylist()
    cell = next(r for r in table if r["ligne"] == "M1844" and r["colonne"] == "50")
    assert cell["valeur"] is None and cell["statut"] == "primary"


def test_unknown_export_is_404(client: Client, observatory: None) -> None:
    assert client.get("/observatoire/export/contacts.csv").status_code == 404
    assert client.get("/observatoire/export/demande.xlsx").status_code == 404


def test_api_tables_and_barometer(client: Client, observatory: None) -> None:
    data = client.get("/api/v1/observatoire/tables/demande").json()
    assert data["rows"] == ["M1805", "M1844"] and data["cols"] == ["14", "50", "76"]
    assert data["cells"][1][1] is None and data["suppressed"] >= 2
    assert data["row_key"] == "code_rome"
    assert data["row_labels"][0] == "Développeur / Développeuse informatique"
    unmet = client.get("/api/v1/observatoire/tables/besoins-non-satisfaits").json()
    assert unmet["cells"] == [[None]]  # one request: below the person threshold
    baro = client.get("/api/v1/observatoire/barometre").json()
    assert baro["available"] and baro["summary"]["region"]["establishments"] == 4
    assert client.get("/api/v1/observatoire/tables/inconnue").status_code == 404


def test_other_exports_name_their_rows(client: Client, observatory: None) -> None:
    baro = list(
        csv.reader(io.StringIO(client.get("/observatoire/export/barometre.csv").content.decode()))
    )
    assert baro[0][:2] == ["code_naf", "libelle"]
    assert baro[1][1]  # the NAF label from the nomenclature
    assert baro[-1][:2] == ["total", ""]
    bmo = client.get("/observatoire/export/bmo.csv").content.decode()
    assert bmo.startswith("metier_bmo,")  # BMO rows are occupation names already


def test_offers_map_says_when_no_offer_is_in_the_region(client: Client, observatory: None) -> None:
    from tests.observatory.builders import _snap

    note = "Aucune offre publiable n'est localisée dans la région"
    if contours_dir() is None:
        pytest.skip("contours are read from ../shared/data")
    assert note not in client.get("/observatoire/").content.decode()  # Normandy offers here
    # a snapshot whose offers all lie in Ardèche (as the demo's France Travail sample)
    _snap("offers", [{"rome": "M1805", "department": "07", "month": "2026-03", "skills": []}] * 9)
    assert note in client.get("/observatoire/").content.decode()


def test_exports_without_snapshot_are_not_links(client: Client, db: None) -> None:
    page = client.get("/observatoire/").content.decode()
    assert page.count("rien à publier pour l’instant") == 5
    assert "/observatoire/export/demande.csv" not in page
    assert client.get("/observatoire/export/demande.csv").status_code == 404


def test_exports_with_snapshot_are_links(client: Client, observatory: None) -> None:
    page = client.get("/observatoire/").content.decode()
    assert 'href="/observatoire/export/demande.csv"' in page
