from django.contrib import admin

from maillage.observatory.models import BmoProject, JobOffer, Snapshot


@admin.register(JobOffer)
class JobOfferAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in stubs
    list_display = ("title", "source", "rome_code", "department", "month")
    list_filter = ("source", "department")
    search_fields = ("title", "external_id", "rome_code")


@admin.register(BmoProject)
class BmoProjectAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in stubs
    list_display = (
        "year",
        "occupation_label",
        "department",
        "basin_label",
        "projects",
        "difficult",
    )
    list_filter = ("year", "department")


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in stubs
    list_display = ("kind", "taken_on", "rows", "path")
    list_filter = ("kind",)
