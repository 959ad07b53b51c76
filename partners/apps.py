from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from iomcso.core.autocomplete import AutocompleteSource, autocomplete_register
from iomcso.core.registry import register_deletion_blocker, register_personal_data


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partner registry")

    def ready(self) -> None:
        # These import models, which Django loads only once the app registry is ready.
        from . import selectors, workspace
        from .personal_data import (
            erase_personal_data,
            export_personal_data,
            sole_administrator_blockers,
        )
        from .portal.todos import partner_todos, register_todo_provider

        register_personal_data(export=export_personal_data, erase=erase_personal_data)
        register_deletion_blocker(sole_administrator_blockers)

        autocomplete_register(
            AutocompleteSource(
                name="networks",
                search=selectors.network_choices,
                label=selectors.network_label,
            )
        )
        autocomplete_register(
            AutocompleteSource(
                name="staff-networks",
                search=lambda text, limit: selectors.network_choices(
                    text, limit, verified_only=False
                ),
                label=lambda pk: selectors.network_label(pk, verified_only=False),
                is_allowed=lambda user: user.is_active and user.is_staff,
            )
        )

        workspace.register()
        register_todo_provider(partner_todos)
