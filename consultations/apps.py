from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        # Both read models, which Django loads only once the app registry is ready.
        from partners.portal.todos import register_todo_provider

        from . import workspace
        from .todos import consultation_todos

        workspace.register()
        register_todo_provider(consultation_todos)
