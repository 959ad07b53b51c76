"""The public directory's filters; every one of them is served by an index."""

from html import escape

import django_filters
from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .choices import Activity, Level, PartnerType, Region, Setting
from .models import Organization
from .regions import country_choices
from .search import UnaccentedPrefixQuery, tsquery_text


def select_options_html(choices, selected: str) -> str:
    """The ``<option>`` elements of a select, built in Python, every key and label escaped."""
    return "".join(
        f'<option value="{escape(str(key))}"{" selected" if str(key) == selected else ""}>'
        f"{escape(str(label))}</option>"
        for key, label in choices
    )


class FastSelect(forms.Select):
    """A ``<select>`` rendered in Python: the network and country lists hold hundreds of
    options, and the template-per-option rendering of Django's widget costs ~0.1 ms each."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = "" if value is None else str(value[0] if isinstance(value, list) else value)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(attrs),
            mark_safe(select_options_html(self.choices, selected)),  # noqa: S308 - escaped
        )


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
    network = django_filters.ChoiceFilter(
        label=_("Member of network"),
        choices=[],
        method="filter_network",
        empty_label=_("Any network"),
        widget=FastSelect,
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One plain query (served by the partial index on networks' names).
        self.filters["network"].extra["choices"] = list(
            Organization.objects.verified()
            .filter(is_network=True)
            .order_by("name")
            .values_list("slug", "name")
        )

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
        return queryset.filter(network_links__network__slug=value)
