from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "partners.screening"
    label = "screening"
    verbose_name = _("Sanctions screening")

    def ready(self) -> None:
        from partners.services import register_merge_handler

        from .services import organization_merge_prepare

        register_merge_handler(organization_merge_prepare)
