"""The public directory's filters; every one of them is served by an index."""

import django_filters
from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from iomcso.core.autocomplete import AutocompleteField

from .choices import Activity, Level, PartnerType, Region, Setting
from .models import Organization
from .regions import country_choices
from .search import UnaccentedPrefixQuery, tsquery_text


def select_options_html(choices, selected: str):
    """The ``<option>`` elements of a select, every key and label escaped by Django's
    ``format_html_join`` (no hand-built markup)."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((key, " selected" if str(key) == selected else "", label) for key, label in choices),
    )


class FastSelect(forms.Select):
    """A ``<select>`` rendered without a template per option: the country list holds 250
    options, and the template-per-option rendering of Django's widget costs ~0.1 ms each.
    (Lists that grow with the registry, like networks, are autocomplete fields instead.)"""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = "" if value is None else str(value[0] if isinstance(value, list) else value)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(attrs),
            select_options_html(self.choices, selected),
        )


class AutocompleteFilter(django_filters.Filter):
    """A filter whose value is an id chosen through ``iomcso.core.autocomplete``."""

    field_class = AutocompleteField


class OrganizationDirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    partner_type = django_filters.ChoiceFilter(
        label=_("Type of organization"),
        choices=PartnerType.choices,
        empty_label=_("Any type"),
        widget=FastSelect,
    )
    level = django_filters.ChoiceFilter(
        label=_("Level of work"),
        choices=Level.choices,
        empty_label=_("Any level"),
        widget=FastSelect,
    )
    region = django_filters.ChoiceFilter(
        label=_("IOM region"),
        choices=Region.choices,
        method="filter_region",
        empty_label=_("Any region"),
        widget=FastSelect,
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=country_choices,
        method="filter_country",
        empty_label=_("Any country"),
        widget=FastSelect,
    )
    activity = django_filters.ChoiceFilter(
        label=_("Activity"),
        choices=Activity.choices,
        method="filter_activity",
        empty_label=_("Any activity"),
        widget=FastSelect,
    )
    setting = django_filters.ChoiceFilter(
        label=_("Setting"),
        choices=Setting.choices,
        method="filter_setting",
        empty_label=_("Any setting"),
        widget=FastSelect,
    )
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

    def filter_text(self, queryset, name, value):
        if not tsquery_text(value):
            return queryset
        return queryset.filter(search_vector=UnaccentedPrefixQuery(value))

    def filter_region(self, queryset, name, value):
        return queryset.filter(regions__contains=[value])

    def filter_country(self, queryset, name, value):
        return queryset.filter(
            Q(headquarters_country=value) | Q(countries_of_operation__contains=[value])
        )

    def filter_activity(self, queryset, name, value):
        return queryset.filter(activities__contains=[value])

    def filter_setting(self, queryset, name, value):
        return queryset.filter(operating_settings__contains=[value])

    def filter_sort(self, queryset, name, value):
        """Name order is the selector's default; "newest" is served by org_created_idx."""
        if value == "newest":
            return queryset.order_by("-created_at", "-pk")
        return queryset

    def filter_network(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(network_links__network_id=value)
