"""Back office for what staff declare about providers for the matching engine: conflicts of
interest (never proposed to each other) and capacity (open introductions at most)."""

from __future__ import annotations

from django.contrib import admin

from maillage.matching.models import ConflictOfInterest, ProviderCapacity


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in stubs
    list_display = ("organisation", "other_organisation", "reason", "created_at")
    search_fields = ("organisation__name", "other_organisation__name", "reason")
    raw_id_fields = ("organisation", "other_organisation")


@admin.register(ProviderCapacity)
class ProviderCapacityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in stubs
    list_display = ("organisation", "max_open_introductions", "updated_at")
    search_fields = ("organisation__name",)
    raw_id_fields = ("organisation",)
