from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from maillage.accounts import roles
from maillage.directory.models import Organisation


def platform(request: HttpRequest) -> dict[str, object]:
    user = request.user
    return {
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "is_network_staff": roles.is_network_staff(user),
        # Lazy: evaluated only where base.html renders the banner (one indexed EXISTS query).
        "has_demo_data": lambda: Organisation.objects.filter(is_demo=True).exists(),
    }
