from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "maillage.search"
    label = "search"
    verbose_name = "Recherche"

    def ready(self) -> None:
        from maillage.search import signals

        signals.connect()
