from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        # personal_data imports models, which Django loads only once the app registry is ready.
        from iomcso.core.registry import register_personal_data

        from .personal_data import export_personal_data

        register_personal_data(export=export_personal_data)
