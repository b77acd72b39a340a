from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from maillage.matching.models import Introduction


@require_http_methods(["GET", "POST"])
def introduction_answer(request: HttpRequest, token: str) -> HttpResponse:
    """Placeholder answer page reached from the e-mail link (completed with the provider UI)."""
    introduction = get_object_or_404(Introduction, token=token)
    return render(request, "matching/answer.html", {"introduction": introduction})
