from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObserversConfig(AppConfig):
    name = "observers"
    verbose_name = _("Observers")

    def ready(self) -> None:
        # Services import models, which Django loads only once the app registry is ready.
        from iomcso.core.registry import register_personal_data
        from partners.portal.todos import register_todo_provider
        from partners.services import register_merge_handler

        from . import workspace
        from .personal_data import erase_personal_data, export_personal_data
        from .services import organization_merge_prepare
        from .todos import observer_todos

        register_merge_handler(organization_merge_prepare)
        workspace.register()
        register_todo_provider(observer_todos)
        register_personal_data(export=export_personal_data, erase=erase_personal_data)
