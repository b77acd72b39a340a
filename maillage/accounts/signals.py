"""Keep the role groups present after every migrate or flush."""

from __future__ import annotations

from typing import Any


def ensure_role_groups(**_kwargs: Any) -> None:
    from django.contrib.auth.models import Group

    from maillage.accounts.roles import ALL_GROUPS

    for name in ALL_GROUPS:
        Group.objects.get_or_create(name=name)
