from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "maillage.directory"
    label = "directory"
    verbose_name = "Annuaire"

    def ready(self) -> None:
        from maillage.directory.signals import sync_catalogue

        post_migrate.connect(sync_catalogue, sender=self)
