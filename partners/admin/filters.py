"""List filters of the registry's admin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..admin_helpers import SelectListFilter
from ..choices import Region
from ..models import (
    Organization,
)
from ..regions import country_choices


def _label(choices, value: str) -> str:
    """A choice's label straight from its enum (the model's get_FOO_display() rebuilds the
    field's choices on each call). A plain string: the admin compares each cell with its
    empty values, and every comparison of a lazy label translates it again."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class RegionFilter(admin.SimpleListFilter):
    title = _("IOM region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return Region.choices

    def queryset(self, request, queryset):
        if self.value() in Region.values:
            return queryset.filter(regions__contains=[self.value()])
        return queryset


class CountryFilter(SelectListFilter):
    title = _("headquarters country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        return country_choices()

    def queryset(self, request, queryset):
        value = self.value()
        if value:
            return queryset.filter(headquarters_country=value.upper())
        return queryset


class NetworkFilter(SelectListFilter):
    title = _("network")
    parameter_name = "network"

    def lookups(self, request, model_admin):
        return list(
            Organization.objects.filter(is_network=True).order_by("name").values_list("pk", "name")
        )

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(network_links__network_id=int(value))
        return queryset


class PossibleDuplicateFilter(admin.SimpleListFilter):
    title = _("possible duplicates")
    parameter_name = "duplicates"

    def lookups(self, request, model_admin):
        return [("yes", _("Flagged as possible duplicate"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(selectors.has_possible_duplicate_expression())
        return queryset


class SeriousConcernFilter(admin.SimpleListFilter):
    title = _("staff observations")
    parameter_name = "concern"

    def lookups(self, request, model_admin):
        return [("serious", _("Open serious concern"))]

    def queryset(self, request, queryset):
        if self.value() == "serious":
            return queryset.filter(selectors.has_serious_concern_expression())
        return queryset


class IdentityChangesFilter(admin.SimpleListFilter):
    """Verified profiles whose partner changed an identity field that staff must review."""

    title = _("identity changes")
    parameter_name = "identity_changes"

    def lookups(self, request, model_admin):
        return [("awaiting", _("Awaiting review"))]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.with_identity_changes()
        return queryset
