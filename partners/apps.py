from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from iomcso.core.registry import register_deletion_blocker, register_personal_data


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partner registry")

    def ready(self) -> None:
        # personal_data imports models, which Django loads only once the app registry is ready.
        from .personal_data import export_personal_data, sole_administrator_blockers

        register_personal_data(export=export_personal_data)
        register_deletion_blocker(sole_administrator_blockers)
