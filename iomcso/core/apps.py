from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "iomcso.core"
    label = "core"
    verbose_name = _("Portal core")

    def ready(self) -> None:
        # roles_sync imports auth models, which Django loads only once the app registry is ready.
        from .roles_sync import sync_roles_after_migrate

        # Permissions only exist after migrations; roles are synchronised after the last app's
        # post_migrate (see roles_sync), so it runs once per migrate, not once per app.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="core_sync_staff_roles")

        # The outbox holds emails written to the user: they go with the account.
        from .registry import register_personal_data
        from .services import outbox_personal_data_erase

        register_personal_data(erase=outbox_personal_data_erase)
