"""The public directory's filters; every one of them is served by an index."""

import django_filters
from django.utils.translation import gettext_lazy as _

from iomcso.core.autocomplete import AutocompleteField

from .choices import Activity, Level, PartnerType, Region, Setting
from .filter_widgets import FastCheckboxList, FastSearchableSelectMultiple, FastSelect
from .models import Organization
from .regions import country_choices
from .search import FACET_PREFIXES, DirectoryQuery


class AutocompleteFilter(django_filters.Filter):
    """A filter whose value is an id chosen through ``iomcso.core.autocomplete``."""

    field_class = AutocompleteField


def multiple_choice_filter(*, label, choices, widget=FastCheckboxList):
    """Any of several values of one filter (``?region=mena&region=see_eeca``)."""
    return django_filters.MultipleChoiceFilter(
        label=label, choices=choices, widget=widget, method="filter_values"
    )


class OrganizationDirectoryFilter(django_filters.FilterSet):
    """Search words and filters (any of the chosen values within a filter, every filter):
    all of them become one ``tsquery`` on the search vector (``DirectoryQuery``), served by
    one GIN index; only the network filter joins its own table."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_words")
    partner_type = multiple_choice_filter(
        label=_("Type of organization"), choices=PartnerType.choices
    )
    level = multiple_choice_filter(label=_("Level of work"), choices=Level.choices)
    region = multiple_choice_filter(label=_("IOM region"), choices=Region.choices)
    country = multiple_choice_filter(
        label=_("Country"), choices=country_choices, widget=FastSearchableSelectMultiple
    )
    activity = multiple_choice_filter(label=_("Activity"), choices=Activity.choices)
    setting = multiple_choice_filter(label=_("Setting"), choices=Setting.choices)
    # A million organizations hold thousands of networks: never a <select> of them all.
    network = AutocompleteFilter(
        label=_("Member of network"), method="filter_network", source="networks"
    )

    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[("name", _("Name (A to Z)")), ("newest", _("Newest partners first"))],
        method="filter_sort",
        empty_label=None,
        widget=FastSelect,
    )

    class Meta:
        model = Organization
        fields = ["q", "partner_type", "level", "region", "country", "activity", "setting"]

    # Words and filter values are applied together, in ``filter_queryset``; these methods only
    # say what each parameter holds (the API schema reads their type hints).
    def filter_words(self, queryset, name, value: str):
        return queryset

    def filter_values(self, queryset, name, value: list[str]):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        facets = {name: data.get(name) or [] for name in FACET_PREFIXES}
        query = DirectoryQuery(data.get("q") or "", facets)
        if query.text_query or query.facet_query:
            queryset = queryset.filter(search_vector=query)
        return queryset

    def filter_sort(self, queryset, name, value):
        """Name order is the selector's default; "newest" is served by org_created_idx."""
        if value == "newest":
            return queryset.order_by("-created_at", "-pk")
        return queryset

    def filter_network(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(network_links__network_id=value)
