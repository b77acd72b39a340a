from django.apps import AppConfig


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "maillage.training"
    label = "training"
    verbose_name = "Catalogue de formations"
