"""What the consultations' admin pages share: one date-time input, the serious-concern
warning on a page about an organization."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models

from partners.selectors import organizations_with_serious_concern

# One labelled ``datetime-local`` input per date-time: the admin's split date and time
# inputs have no label of their own (axe-core: critical), and this one works on phones.
DATETIME_INPUT: dict[type[models.Field], dict[str, Any]] = {
    models.DateTimeField: {
        "form_class": forms.DateTimeField,
        "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    }
}


class SeriousConcernModelAdmin(admin.ModelAdmin):
    """A change page about an organization warns staff of an unresolved serious concern."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None:
            extra_context["serious_concern"] = bool(
                organizations_with_serious_concern([obj.organization_id])
            )
        return super().change_view(request, object_id, form_url, extra_context)
