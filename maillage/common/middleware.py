"""Security headers the Django settings do not cover, and a guard against NUL characters.

CSP on every page but the API docs (swagger-ui needs inline code), `Cache-Control: no-store` on
authenticated pages. A NUL character is never valid in any of our inputs, and PostgreSQL refuses it
in text ("A string literal cannot contain NUL"), which would surface as a 500: requests carrying one
in the path, the query string or a JSON body are answered 400 before any view runs.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
NUL_REFUSED = "Requête invalide : caractère nul (U+0000) refusé."


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if any("\x00" in v for values in request.GET.lists() for v in values[1]):
        return True
    if request.content_type == "application/json":
        body = request.body
        return b"\x00" in body or b"\\u0000" in body
    return False


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            response: HttpResponse = HttpResponseBadRequest(
                NUL_REFUSED, content_type="text/plain; charset=utf-8"
            )
        else:
            response = self.get_response(request)
        if not request.path.startswith("/api/v1/docs"):
            response.setdefault("Content-Security-Policy", CSP)
        if request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response
