"""Back office: staff register feeds here (FundingSource) and edit calls; an edit through the
admin records the edited fields so later imports never overwrite them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from maillage.funding.models import Application, FundingCall, FundingSource, ReviewItem, SavedSearch
from maillage.funding.services import call_update_by_staff

_READ_ONLY = (
    "source",
    "external_id",
    "content_hash",
    "staff_edited_fields",
    "created_at",
    "updated_at",
    "duplicate_of",
)


@admin.register(FundingCall)
class FundingCallAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in stubs
    list_display = ("title", "source", "deadline", "status")
    list_filter = ("status", "source", "is_aap", "is_ami")
    search_fields = ("title", "external_id", "funders_tags")
    readonly_fields = _READ_ONLY
    list_per_page = 50

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        changes = {
            name: form.cleaned_data[name] for name in form.changed_data if name not in _READ_ONLY
        }
        original = FundingCall.objects.get(pk=obj.pk)
        call_update_by_staff(call=original, changes=changes)


@admin.register(FundingSource)
class FundingSourceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in stubs
    list_display = ("name", "format", "url", "active", "last_run")
    list_filter = ("format", "active")
    readonly_fields = ("last_run", "created_at")


@admin.register(ReviewItem)
class ReviewItemAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in stubs
    list_display = ("call", "field", "resolution", "created_at")
    list_filter = ("resolution",)
    raw_id_fields = ("call",)


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in stubs
    list_display = ("name", "email", "frequency", "confirmed_at", "unsubscribed_at")
    exclude = ("confirm_token", "unsubscribe_token", "ics_token")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in stubs
    list_display = ("call", "organisation", "status", "amount_requested", "amount_obtained")
    list_filter = ("status",)
    raw_id_fields = ("call", "organisation", "co_applicants")
