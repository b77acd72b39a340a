"""Keep the role groups, and the network staff's back-office permissions, after migrate/flush."""

from __future__ import annotations

from typing import Any

# Network staff run the back office: full rights on the directory and memberships, add/change on
# the other domain apps, read-only on reference data and run ledgers. Programme staff and
# partners get no admin rights here (their screens are their own pages).
_STAFF_ALL = {"directory", "accounts"}
_STAFF_READ_ONLY = {"opendata", "common", "search"}
_STAFF_EDIT_PREFIX = "maillage."


def _network_staff_codenames(app_label: str, codename: str, app_module: str) -> bool:
    action = codename.split("_", 1)[0]
    if app_label in _STAFF_ALL:
        return action in {"view", "add", "change", "delete"}
    if app_label in _STAFF_READ_ONLY:
        return action == "view"
    if app_module.startswith(_STAFF_EDIT_PREFIX):
        return action in {"view", "add", "change"}
    return False


def ensure_role_groups(**_kwargs: Any) -> None:
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    from maillage.accounts.roles import ALL_GROUPS, NETWORK_STAFF

    for name in ALL_GROUPS:
        Group.objects.get_or_create(name=name)
    ours = {
        cfg.label: cfg.name for cfg in apps.get_app_configs() if cfg.name.startswith("maillage.")
    }
    wanted = [
        p
        for p in Permission.objects.select_related("content_type").filter(
            content_type__app_label__in=list(ours)
        )
        if _network_staff_codenames(
            p.content_type.app_label, p.codename, ours[p.content_type.app_label]
        )
    ]
    Group.objects.get(name=NETWORK_STAFF).permissions.add(*wanted)
