from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Imported once the app registry is ready: these modules import models.
        from accounts import receivers
        from accounts.roles import ensure_roles_after_migrate  # (same reason)

        receivers.connect()
        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="accounts.ensure_roles")
