from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from .roles import grant_role_permissions_after_migrate

        # Permissions of apps migrated later (comments, say) exist only after
        # their own migrations; re-granting after every migrate catches them.
        post_migrate.connect(grant_role_permissions_after_migrate, dispatch_uid="accounts.grant_role_permissions")
