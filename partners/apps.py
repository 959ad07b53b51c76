from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partner registry")

    def ready(self) -> None:
        from iomcso.core.autocomplete import AutocompleteSource, autocomplete_register

        from . import selectors  # the app registry must be ready before models load

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
