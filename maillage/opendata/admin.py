"""Read-only admin pages for the reference data (it is written only by `maillage opendata load`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from maillage.opendata import models


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # shared by several models
    """Staff can browse and search; changes come from the official files only."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]  # generic inline
    """Reference rows shown under their parent, never edited by hand."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(models.Department)
class DepartmentAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "region")
    list_filter = ("region",)
    search_fields = ("code", "name")


@admin.register(models.Epci)
class EpciAdmin(ReadOnlyAdmin):
    list_display = ("siren", "name", "nature")
    list_filter = ("nature",)
    search_fields = ("siren", "name")


class PostcodeInline(ReadOnlyInline):
    model = models.CommunePostcode


@admin.register(models.Commune)
class CommuneAdmin(ReadOnlyAdmin):
    list_display = ("insee", "name", "department", "epci", "population", "bmo_basin")
    list_filter = ("region", "kind")
    search_fields = ("insee", "name", "name_folded", "postcodes__postcode")
    list_select_related = ("department", "epci")
    inlines = (PostcodeInline,)


@admin.register(models.NafCode)
class NafCodeAdmin(ReadOnlyAdmin):
    list_display = ("code", "label", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "label")


class DigitalSectorCodeInline(ReadOnlyInline):
    model = models.DigitalSectorCode


@admin.register(models.DigitalSectorDefinition)
class DigitalSectorDefinitionAdmin(ReadOnlyAdmin):
    list_display = ("version", "label", "nomenclature", "valid_from", "valid_to")
    inlines = (DigitalSectorCodeInline,)


@admin.register(models.SizeBand)
class SizeBandAdmin(ReadOnlyAdmin):
    list_display = ("code", "label", "min_employees", "max_employees", "midpoint")


@admin.register(models.LegalCategory)
class LegalCategoryAdmin(ReadOnlyAdmin):
    list_display = ("code", "label", "level")
    list_filter = ("level",)
    search_fields = ("code", "label")


@admin.register(models.RomeFiche)
class RomeFicheAdmin(ReadOnlyAdmin):
    list_display = ("code", "label", "domain_code")
    search_fields = ("code", "label", "label_folded")


@admin.register(models.RomeAppellation)
class RomeAppellationAdmin(ReadOnlyAdmin):
    list_display = ("code", "label", "fiche")
    search_fields = ("code", "label", "label_folded")
    list_select_related = ("fiche",)


@admin.register(models.RomeSkill)
class RomeSkillAdmin(ReadOnlyAdmin):
    list_display = ("code", "label", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "label")


@admin.register(models.RomeHiringVolume)
class RomeHiringVolumeAdmin(ReadOnlyAdmin):
    list_display = ("rome_code", "naf_code", "hirings")
    search_fields = ("rome_code", "naf_code")


@admin.register(models.EscoOccupation)
class EscoOccupationAdmin(ReadOnlyAdmin):
    list_display = ("label", "isco_code", "is_digital")
    list_filter = ("is_digital",)
    search_fields = ("label", "alt_labels", "isco_code")


@admin.register(models.EscoSkill)
class EscoSkillAdmin(ReadOnlyAdmin):
    list_display = ("label", "skill_type", "reuse_level", "is_digital")
    list_filter = ("is_digital", "skill_type")
    search_fields = ("label", "alt_labels")
