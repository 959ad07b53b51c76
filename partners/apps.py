from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partner registry")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from iomcso.core.roles_sync import sync_roles_after_migrate

        # The core app syncs roles on its own post_migrate, which Django sends before the
        # permissions of later apps (this one included) exist on a fresh database. Syncing
        # again after every app's post_migrate makes the groups complete on the first run.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="partners_sync_roles")
