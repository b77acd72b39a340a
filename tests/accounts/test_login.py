"""Login: French pages, CSRF, per-account rate limit, no-store and CSP headers, role groups."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone

from maillage.accounts import roles
from maillage.accounts.forms import LOCKED_MESSAGE
from maillage.accounts.models import LoginFailure
from maillage.accounts.services import login_failure_record, login_is_locked

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def alice(db: Any) -> User:
    return User.objects.create_user("alice", "alice@exemple.test", PASSWORD)


def _login(client: Client, username: str, password: str) -> Any:
    return client.post("/compte/connexion/", {"username": username, "password": password})


def test_role_groups_exist_after_migrate(db: Any) -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_GROUPS)


def test_login_page_is_french_and_sets_csp(client: Client, db: Any) -> None:
    response = client.get("/compte/connexion/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html and "Mot de passe" in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_good_login_then_authenticated_pages_are_no_store(client: Client, alice: User) -> None:
    response = _login(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_anonymous_pages_are_cacheable(client: Client, db: Any) -> None:
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")


def test_csrf_is_enforced_on_login(alice: User) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert _login(strict, "alice", PASSWORD).status_code == 403


def test_wrong_password_message_in_french(client: Client, alice: User) -> None:
    html = _login(client, "alice", "wrong-password-123").content.decode()
    assert "Identifiant ou mot de passe incorrect." in html
    assert LoginFailure.objects.filter(username="alice").count() == 1


def test_five_failures_lock_the_account_even_with_the_right_password(
    client: Client, alice: User
) -> None:
    for _ in range(5):
        assert _login(client, "alice", "wrong-password-123").status_code == 200
    response = _login(client, "alice", PASSWORD)
    assert response.status_code == 200  # form shown again, not the redirect
    assert LOCKED_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session
    # the limit is per account: another account is unaffected
    User.objects.create_user("bob", "bob@exemple.test", PASSWORD)
    assert _login(client, "bob", PASSWORD).status_code == 302


def test_four_failures_still_allow_login_and_success_resets(client: Client, alice: User) -> None:
    for _ in range(4):
        _login(client, "alice", "wrong-password-123")
    assert _login(client, "alice", PASSWORD).status_code == 302
    assert LoginFailure.objects.filter(username="alice").count() == 0


def test_lock_expires_after_the_window(alice: User) -> None:
    now = timezone.now()
    for k in range(5):
        login_failure_record(username="Alice", at=now - timedelta(seconds=290 - k))
    assert login_is_locked(username="alice", now=now)
    assert not login_is_locked(username="alice", now=now + timedelta(seconds=20))


def test_admin_login_is_rate_limited_too(client: Client, db: Any) -> None:
    User.objects.create_user("staff", "s@exemple.test", PASSWORD, is_staff=True)
    for _ in range(5):
        client.post("/back-office/login/", {"username": "staff", "password": "nope-nope-nope"})
    response = client.post("/back-office/login/", {"username": "staff", "password": PASSWORD})
    assert LOCKED_MESSAGE in response.content.decode()


def test_logout_needs_post(client: Client, alice: User) -> None:
    client.force_login(alice)
    assert client.get("/compte/deconnexion/").status_code == 405
    assert client.post("/compte/deconnexion/").status_code in (200, 302)


def test_network_staff_group_has_back_office_permissions(db: Any) -> None:
    staff = Group.objects.get(name=roles.NETWORK_STAFF)
    codenames = set(staff.permissions.values_list("codename", flat=True))
    assert {"view_organisation", "change_organisation", "view_contact"} <= codenames
    assert "view_commune" in codenames and "change_commune" not in codenames
    assert not Group.objects.get(name=roles.PARTNER).permissions.exists()
