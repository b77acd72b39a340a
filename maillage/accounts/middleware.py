"""Staff sessions expire after 30 min idle or 12 h absolute (QUALITY.md)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

_STARTED = "_maillage_session_started"
_SEEN = "_maillage_session_seen"


class StaffSessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and (user.is_staff or user.groups.exists()):
            now = time.time()
            started = request.session.get(_STARTED, now)
            seen = request.session.get(_SEEN, now)
            if (
                now - seen > settings.STAFF_SESSION_IDLE_SECONDS
                or now - started > settings.STAFF_SESSION_ABSOLUTE_SECONDS
            ):
                logout(request)
            else:
                request.session[_STARTED] = started
                request.session[_SEEN] = now
        return self.get_response(request)
