"""The directory's FilterSet, as the API uses it."""

import django_filters

from partners.choices import VerificationStatus
from partners.filters import OrganizationDirectoryFilter


class ApiOrganizationFilter(OrganizationDirectoryFilter):
    """The public directory's filters, with the same methods and so the same results.

    Only the network filter differs: the directory lists every network in a ``<select>``
    (one query per page); the API takes the network's slug as it is.
    """

    network = django_filters.CharFilter(
        method="filter_network", help_text="Slug of a network the organization belongs to."
    )

    def __init__(self, *args, **kwargs):
        # Skip the parent's loading of every network's name for the <select>.
        django_filters.FilterSet.__init__(self, *args, **kwargs)

    # Type hints for the schema; the directory's methods do the filtering.
    def filter_country(self, queryset, name, value: str):
        return super().filter_country(queryset, name, value)


class StaffOrganizationFilter(ApiOrganizationFilter):
    verification_status = django_filters.ChoiceFilter(choices=VerificationStatus.choices)

    class Meta(ApiOrganizationFilter.Meta):
        fields = [*ApiOrganizationFilter.Meta.fields, "verification_status"]
