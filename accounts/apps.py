from django.apps import AppConfig
from django.contrib import admin
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Imported once the app registry is ready: these modules import models.
        from accounts import receivers, user_admin
        from accounts.roles import ensure_roles_after_migrate  # (same reason)

        receivers.connect()
        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="accounts.ensure_roles")
        # The admin (listed first in INSTALLED_APPS) has discovered every admin module by now.
        user_admin.secure(admin.site)
