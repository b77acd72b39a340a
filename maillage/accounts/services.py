"""Writes and checks for accounts: the login-failure ledger behind login rate limiting.

QUALITY.md: at most LOGIN_FAILURE_LIMIT (5) failures per account within LOGIN_FAILURE_WINDOW_SECONDS
(5 min); beyond that, the account refuses every login (even with the right password) until the
oldest failure in the window ages out. Counting is per account name, so an attacker rotating IP
addresses gains nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction

from maillage.accounts.models import LoginFailure


def normalise_username(username: str) -> str:
    return username.strip().lower()[:150]


@transaction.atomic
def login_failure_record(*, username: str, at: datetime) -> None:
    LoginFailure.objects.create(username=normalise_username(username), at=at)


def login_is_locked(*, username: str, now: datetime) -> bool:
    """True when the account reached the failure limit within the sliding window."""
    since = now - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    failures = LoginFailure.objects.filter(username=normalise_username(username), at__gt=since)
    return failures.count() >= settings.LOGIN_FAILURE_LIMIT


@transaction.atomic
def login_failures_clear(*, username: str) -> None:
    """After a successful login the account starts afresh."""
    LoginFailure.objects.filter(username=normalise_username(username)).delete()


@transaction.atomic
def user_role_grant(*, user: User, role: str) -> None:
    """Put a user in one of the role groups of `maillage.accounts.roles`."""
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
