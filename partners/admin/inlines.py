"""Inlines shown on the organization's admin page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from iomcso.core.admin_accessibility import LabelledTabularInline

from ..models import (
    Contact,
    CooperationRecord,
    NetworkMembership,
    StaffObservation,
)


class ContactInline(LabelledTabularInline):
    model = Contact
    extra = 0
    fields = ("name", "position", "email", "phone", "languages", "is_primary")


class MembershipInline(LabelledTabularInline):
    model = NetworkMembership
    fk_name = "member"
    extra = 0
    verbose_name = _("membership of a network")
    verbose_name_plural = _("memberships of networks")
    autocomplete_fields = ("network",)
    fields = ("network", "since", "role")


class NetworkMembersInline(LabelledTabularInline):
    model = NetworkMembership
    fk_name = "network"
    extra = 0
    verbose_name = _("member organization")
    verbose_name_plural = _("member organizations (when this is a network)")
    autocomplete_fields = ("member",)
    fields = ("member", "since", "role")


class CooperationRecordInline(admin.StackedInline):
    model = CooperationRecord
    extra = 0
    fields = (
        ("kind", "iom_office"),
        "title",
        ("start_date", "end_date"),
        "description",
        "is_public",
    )


class StaffObservationInline(LabelledTabularInline):
    """New observations are saved through ``observation_add``; existing ones are read-only
    here (resolve them from the observations list, which keeps their history)."""

    model = StaffObservation
    extra = 0
    fields = ("severity", "text", "author", "created_at", "resolved_at")
    readonly_fields = ("author", "created_at", "resolved_at")
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False
