"""Filters for choosing organizations to invite, built on the registry's vocabularies."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.choices import Level, PartnerType, Region
from partners.models import Organization

from . import selectors


class InvitationOrganizationFilter(django_filters.FilterSet):
    """Verified organizations by type, region, level, network and Observer status."""

    q = django_filters.CharFilter(method="filter_text", label=_("Name or acronym"))
    partner_type = django_filters.MultipleChoiceFilter(
        choices=PartnerType.choices, label=_("Partner type"), widget=forms.CheckboxSelectMultiple
    )
    region = django_filters.MultipleChoiceFilter(
        choices=Region.choices,
        method="filter_region",
        label=_("IOM region"),
        widget=forms.CheckboxSelectMultiple,
    )
    level = django_filters.MultipleChoiceFilter(
        choices=Level.choices, label=_("Level of work"), widget=forms.CheckboxSelectMultiple
    )
    network = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.filter(is_network=True),
        method="filter_network",
        label=_("Member of network"),
    )
    observers = django_filters.BooleanFilter(
        method="filter_observers",
        label=_("Observers at the IOM Council only"),
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Organization
        fields = ["q", "partner_type", "region", "level", "network", "observers"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(acronym__iexact=value))

    def filter_region(self, queryset, name, value):
        return queryset.filter(regions__overlap=list(value)) if value else queryset

    def filter_network(self, queryset, name, value):
        return queryset.filter(network_links__network=value) if value else queryset

    def filter_observers(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=selectors.observer_organization_ids())
