from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        # These read models, which Django loads only once the app registry is ready.
        from iomcso.core.registry import register_personal_data
        from partners.portal.todos import register_todo_provider

        from . import workspace
        from .personal_data import erase_personal_data, export_personal_data
        from .todos import consultation_todos

        workspace.register()
        register_todo_provider(consultation_todos)
        register_personal_data(export=export_personal_data, erase=erase_personal_data)
