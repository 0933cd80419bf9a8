from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from accounts import signals
        from accounts.roles import ensure_roles_after_migrate

        signals.connect()
        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="accounts.ensure_roles")
