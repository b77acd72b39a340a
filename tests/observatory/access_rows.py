"""Access-matrix rows of the observatory routes: aggregates only, the same for every role."""

from __future__ import annotations

from tests.web.access_cases import Case, everyone
from tests.web.builders import World


def prepare(world: World) -> None:
    from tests.observatory.builders import observatory_build

    observatory_build()


ROWS = {
    "observatoire/": [Case("observatory", lambda w: "/observatoire/", everyone(200))],
    "observatoire/rapport/": [
        Case("obs-report", lambda w: "/observatoire/rapport/", everyone(200))
    ],
    "observatoire/export/<slug:name>.<str:fmt>": [
        Case("obs-csv", lambda w: "/observatoire/export/demande.csv", everyone(200)),
        Case("obs-parquet", lambda w: "/observatoire/export/bmo.parquet", everyone(200)),
        Case("obs-unknown", lambda w: "/observatoire/export/inconnu.csv", everyone(404)),
    ],
    "api/v1/observatoire/tables": [
        Case("api-obs-tables", lambda w: "/api/v1/observatoire/tables", everyone(200)),
    ],
    "api/v1/observatoire/tables/<name>": [
        Case("api-obs-table", lambda w: "/api/v1/observatoire/tables/demande", everyone(200)),
        Case("api-obs-missing", lambda w: "/api/v1/observatoire/tables/x", everyone(404)),
    ],
    "api/v1/observatoire/barometre": [
        Case("api-obs-barometer", lambda w: "/api/v1/observatoire/barometre", everyone(200)),
    ],
}
