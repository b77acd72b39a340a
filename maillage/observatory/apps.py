from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "maillage.observatory"
    label = "observatory"
    verbose_name = "Observatoire emplois et compétences"
