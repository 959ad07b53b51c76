from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from partners.portal.todos import register_todo_provider

        from .todos import consultation_todos

        register_todo_provider(consultation_todos)
