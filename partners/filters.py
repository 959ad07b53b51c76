"""The public directory's filters; every one of them is served by an index."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .choices import Activity, Level, PartnerType, Region, Setting
from .models import Organization
from .search import UnaccentedPrefixQuery, tsquery_text


class OrganizationDirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    partner_type = django_filters.ChoiceFilter(
        label=_("Type of organization"), choices=PartnerType.choices, empty_label=_("Any type")
    )
    level = django_filters.ChoiceFilter(
        label=_("Level of work"), choices=Level.choices, empty_label=_("Any level")
    )
    region = django_filters.ChoiceFilter(
        label=_("IOM region"),
        choices=Region.choices,
        method="filter_region",
        empty_label=_("Any region"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=lambda: list(countries),
        method="filter_country",
        empty_label=_("Any country"),
    )
    activity = django_filters.ChoiceFilter(
        label=_("Activity"),
        choices=Activity.choices,
        method="filter_activity",
        empty_label=_("Any activity"),
    )
    setting = django_filters.ChoiceFilter(
        label=_("Setting"),
        choices=Setting.choices,
        method="filter_setting",
        empty_label=_("Any setting"),
    )
    network = django_filters.ModelChoiceFilter(
        label=_("Member of network"),
        queryset=Organization.objects.verified().filter(is_network=True).only("slug", "name"),
        to_field_name="slug",
        method="filter_network",
        empty_label=_("Any network"),
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

    def filter_network(self, queryset, name, value):
        return queryset.filter(network_links__network=value)
