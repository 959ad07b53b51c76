from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObserversConfig(AppConfig):
    name = "observers"
    verbose_name = _("Observers")

    def ready(self) -> None:
        # Services import models, which Django loads only once the app registry is ready.
        from partners.services import register_merge_handler

        from .services import organization_merge_prepare

        register_merge_handler(organization_merge_prepare)

        from iomcso.core.registry import register_personal_data

        from .personal_data import export_personal_data

        register_personal_data(export=export_personal_data)
