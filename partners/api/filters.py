"""The directory's FilterSet, as the API uses it."""

import django_filters

from partners.choices import VerificationStatus
from partners.filters import OrganizationDirectoryFilter


class ApiOrganizationFilter(OrganizationDirectoryFilter):
    """The public directory's filters and sort, with the same methods and so the same
    results (tests/api/test_directory_parity.py compares them; the list pages in the sort's
    order, see ``QuerysetOrderCursorPagination``).

    Only the network filter differs: the directory's is an autocomplete that resolves a
    network's id; the API takes the network's slug, which is stable and readable in a URL.
    """

    network = django_filters.CharFilter(
        method="filter_network", help_text="Slug of a network the organization belongs to."
    )

    def filter_network(self, queryset, name, value: str):
        return queryset.filter(network_links__network__slug=value)


class StaffOrganizationFilter(ApiOrganizationFilter):
    verification_status = django_filters.ChoiceFilter(choices=VerificationStatus.choices)

    class Meta(ApiOrganizationFilter.Meta):
        fields = [*ApiOrganizationFilter.Meta.fields, "verification_status"]
