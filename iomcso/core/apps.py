from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "iomcso.core"
    label = "core"
    verbose_name = _("Portal core")

    def ready(self) -> None:
        # Both import auth and allauth models, which Django loads only once the registry is ready.
        from . import spreadsheets  # noqa: F401 - registers the safe-parsing system check
        from .ratelimit import install_allauth_rate_limits
        from .registry import register_personal_data
        from .roles_sync import sync_roles_after_migrate
        from .services import outbox_personal_data_erase, outbox_personal_data_export
        from .workspace import register_home_link

        # allauth's limiter refuses when the cache errors; ours fails open (see ratelimit).
        install_allauth_rate_limits()

        # Permissions only exist after migrations; roles are synchronised after the last app's
        # post_migrate (see roles_sync), so it runs once per migrate, not once per app.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="core_sync_staff_roles")
        register_home_link(
            "dashboard",
            label=_("Dashboard"),
            url_name="admin:dashboard",
            description=_(
                "Partners, registrations, consultations and observers in charts and a map"
            ),
            order=10,
        )
        # The outbox holds emails written to the user: listed in the export, and gone with
        # the account.
        register_personal_data(export=outbox_personal_data_export, erase=outbox_personal_data_erase)
