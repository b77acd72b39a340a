"""Observatory pages (placeholder until the publishing step)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def observatory_page(request: HttpRequest) -> HttpResponse:
    return render(request, "observatory/index.html", {})
