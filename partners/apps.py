from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partner registry")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from iomcso.core.roles_sync import sync_roles_after_migrate

        # The core app syncs roles on its own post_migrate, which Django sends before the
        # permissions of later apps (this one included) exist on a fresh database. Sync
        # again after the last app's post_migrate, when every permission exists.
        last_app = list(apps.get_app_configs())[-1]
        post_migrate.connect(
            sync_roles_after_migrate, sender=last_app, dispatch_uid="partners_sync_roles"
        )
