from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partner registry")

    def ready(self) -> None:
        from .portal.todos import partner_todos, register_todo_provider

        register_todo_provider(partner_todos)
