from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "maillage.accounts"
    label = "accounts"
    verbose_name = "Comptes et rôles"

    def ready(self) -> None:
        from maillage.accounts.signals import ensure_role_groups

        # The 0002 migration creates the groups; this hook restores them after a flush
        # (test databases, `manage.py flush`) and grants network staff the back-office
        # permissions. Connected for every app: permissions appear app by app, and the
        # grant is idempotent.
        post_migrate.connect(ensure_role_groups, dispatch_uid="maillage.accounts.role_groups")
