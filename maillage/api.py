"""The public REST API v1 (django-ninja): OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs.

It exposes the public directory and the open reference data, never contacts or anything personal;
the matchmaking routes also take a need (with consent), show signed-in people their own needs
and let providers answer. Malformed input gets a 4xx with a reason, never a 5xx.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from maillage.directory.api import router as directory_router
from maillage.directory.forms import SearchInputError
from maillage.funding.api import router as funding_router
from maillage.matching.api import router as matching_router
from maillage.observatory.api import router as observatory_router
from maillage.opendata.api import router as opendata_router
from maillage.search.services import SearchError

api = NinjaAPI(
    title="maillage API",
    version="1",
    description=(
        "Annuaire des acteurs du numérique de la région et données de référence ouvertes "
        "(communes, ROME). Données publiques uniquement."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
)
api.add_router("/organisations", directory_router, tags=["annuaire"])
api.add_router("/", opendata_router, tags=["référentiels"])
api.add_router("/calls", funding_router, tags=["financements"])
api.add_router("/", matching_router, tags=["mises en relation"])
api.add_router("/observatoire", observatory_router, tags=["observatoire"])


@api.exception_handler(SearchInputError)
def _search_input_error(request: HttpRequest, exc: SearchInputError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(SearchError)
def _search_error(request: HttpRequest, exc: SearchError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)
