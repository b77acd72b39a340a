from django.contrib import admin

from maillage.training.models import CollectiveSession, Programme, TrainingSession, UpskillingNeed


class SessionInline(admin.TabularInline):  # type: ignore[type-arg]  # stubs want the model twice
    model = TrainingSession
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in stubs
    list_display = ("title", "source", "provider_name", "certification_code", "department")
    list_filter = ("source", "modality")
    search_fields = ("title", "provider_name", "certification_code")
    raw_id_fields = ("organisation",)
    inlines = [SessionInline]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]  # admin hook signature
        obj.staff_edited = True  # later imports must not overwrite a staff edit
        super().save_model(request, obj, form, change)


@admin.register(UpskillingNeed)
class UpskillingNeedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in stubs
    list_display = ("organisation", "skill_key", "department", "headcount", "pooled_in")
    raw_id_fields = ("organisation",)


@admin.register(CollectiveSession)
class CollectiveSessionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in stubs
    list_display = ("skill_key", "department", "headcount", "status", "created_at")
    list_filter = ("status",)
