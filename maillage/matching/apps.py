from django.apps import AppConfig


class MatchingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "maillage.matching"
    label = "matching"
    verbose_name = "Mises en relation"
