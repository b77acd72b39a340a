"""The staff back office for the directory.

Edits made here go through `organisation_update_by_staff`, which records the edited fields in
`staff_edited_fields` so that later imports never overwrite them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from maillage.directory.models import (
    Contact,
    DeclaredLabel,
    Domain,
    Label,
    Organisation,
    OrganisationLabel,
    OrganisationSkill,
)
from maillage.directory.services import organisation_update_by_staff

# Bookkeeping fields: shown, never edited by hand.
_READ_ONLY = ("staff_edited_fields", "content_hash", "updated_at")


class SkillInline(admin.TabularInline):  # type: ignore[type-arg]  # stubs want the model twice
    model = OrganisationSkill
    extra = 0


class LabelInline(admin.TabularInline):  # type: ignore[type-arg]  # stubs want the model twice
    model = OrganisationLabel
    extra = 0


class DeclaredLabelInline(admin.TabularInline):  # type: ignore[type-arg]  # stubs: model twice
    """Labels members wrote that the catalogue does not know: checked by staff, never trusted."""

    model = DeclaredLabel
    extra = 0
    fields = ("name", "key")
    readonly_fields = ("key",)


class ContactInline(admin.StackedInline):  # type: ignore[type-arg]  # stubs want the model twice
    model = Contact
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in stubs
    list_display = ("name", "siret", "kind", "department_code", "membership", "is_closed")
    list_filter = ("kind", "membership", "is_closed", "is_demo", "department_code", "domains")
    search_fields = ("name", "siret", "siren", "external_id", "naf_code")
    raw_id_fields = ("commune",)
    filter_horizontal = ("domains",)
    readonly_fields = _READ_ONLY
    inlines = (SkillInline, LabelInline, DeclaredLabelInline, ContactInline)
    list_per_page = 50

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        if not change:
            super().save_model(request, obj, form, change)
        changes = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name != "domains" and name not in _READ_ONLY
        }
        if changes or not change:
            organisation_update_by_staff(organisation=obj, user=request.user, changes=changes)

    def save_related(
        self,
        request: HttpRequest,
        form: ModelForm[Any],
        formsets: list[BaseInlineFormSet[Any, Any, Any]],
        change: bool,
    ) -> None:
        super().save_related(request, form, formsets, change)
        organisation = form.instance
        changes: dict[str, Any] = {}
        if "domains" in form.changed_data:
            changes["domains"] = list(form.cleaned_data["domains"])
        if any(fs.model is OrganisationLabel and fs.has_changed() for fs in formsets):
            changes["labels"] = list(organisation.labels.values_list("label_id", flat=True))
        # Hand-edited specialties and declared labels: later imports keep them as they are.
        if any(fs.model is OrganisationSkill and fs.has_changed() for fs in formsets):
            changes["specialties"] = list(
                organisation.skills.filter(taxonomy=OrganisationSkill.Taxonomy.SPECIALTY)
                .order_by("code")
                .values_list("label", flat=True)
            )
        if any(fs.model is DeclaredLabel and fs.has_changed() for fs in formsets):
            changes["declared_labels"] = list(
                organisation.declared_labels.values_list("name", flat=True)
            )
        if changes:
            organisation_update_by_staff(
                organisation=organisation, user=request.user, changes=changes
            )


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in stubs
    list_display = ("slug", "label")
    search_fields = ("slug", "label")


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in stubs
    list_display = ("slug", "name", "issuer")
    search_fields = ("slug", "name", "issuer")


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in stubs
    list_display = ("last_name", "first_name", "organisation", "role")
    search_fields = ("last_name", "first_name", "email", "organisation__name")
    raw_id_fields = ("organisation",)
