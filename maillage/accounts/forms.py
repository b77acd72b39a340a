"""Login forms that refuse an account after too many recent failures (see services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from maillage.accounts import services

LOCKED_MESSAGE = (
    "Trop de tentatives de connexion échouées pour ce compte. "
    "Pour votre sécurité, réessayez dans quelques minutes."
)


class _RateLimitMixin:
    """Checks the lock before authenticating and records each failure."""

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = self.cleaned_data  # type: ignore[attr-defined]  # set by Form
        username = str(data.get("username") or "")
        now = timezone.now()
        if username and services.login_is_locked(username=username, now=now):
            raise forms.ValidationError(LOCKED_MESSAGE, code="locked")
        try:
            cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]  # AuthenticationForm.clean
        except forms.ValidationError:
            if username:
                services.login_failure_record(username=username, at=now)
            raise
        services.login_failures_clear(username=username)
        return cleaned


class LoginForm(_RateLimitMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Identifiant ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }


class AdminLoginForm(_RateLimitMixin, AdminAuthenticationForm):
    pass
