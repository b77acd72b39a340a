"""Access-matrix rows of the observatory routes: aggregates only, public."""

from __future__ import annotations

from tests.web.access_cases import Case, everyone

ROWS = {
    "observatoire/": [Case("observatory", lambda w: "/observatoire/", everyone(200))],
}
