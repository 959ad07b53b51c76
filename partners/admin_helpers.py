"""Pieces other apps' admins reuse: the serious-concern warning and a cheap paginator.

Show an organization's open serious concerns on any staff page::

    from partners.admin_helpers import SeriousConcernAdminMixin

    class RegistrationAdmin(SeriousConcernAdminMixin, admin.ModelAdmin):
        serious_concern_organization_field = "organization"  # dotted path from the object

The change page then carries a warning message per open serious concern. In a template,
``{% load partners_staff %}{% serious_concern_banner organization %}`` renders the same.
"""

from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from iomcso.core.paginators import CappedCountPaginator

from .filter_widgets import select_options_html
from .selectors import has_serious_concern_expression, organization_serious_concerns


def serious_concern_message(observation) -> str:
    author = observation.author.get_full_name() if observation.author else _("staff")
    return _("Serious concern about %(organization)s (%(author)s, %(date)s): %(text)s") % {
        "organization": observation.organization,
        "author": author,
        "date": observation.created_at.date().isoformat(),
        "text": observation.text,
    }


if TYPE_CHECKING:
    # The mixin only ever sits in front of a ModelAdmin; this lets the checker see its methods.
    _ModelAdminBase = admin.ModelAdmin
else:
    _ModelAdminBase = object


class SeriousConcernAdminMixin(_ModelAdminBase):
    """Warns on the change page of any object that belongs to an organization with an open
    serious concern. Set ``serious_concern_organization_field`` to the attribute path from
    the object to its organization id (default ``organization_id``)."""

    serious_concern_organization_field = "organization"

    def serious_concern_organization_id(self, obj) -> int | None:
        if obj is None:
            return None
        target = obj
        for part in self.serious_concern_organization_field.split("."):
            target = getattr(target, part, None)
            if target is None:
                return None
        return getattr(target, "pk", target)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, object_id)
            organization_id = self.serious_concern_organization_id(obj)
            for observation in organization_serious_concerns(organization_id=organization_id):
                messages.warning(request, serious_concern_message(observation))
        return super().change_view(request, object_id, form_url, extra_context)


class SeriousConcernColumnMixin(_ModelAdminBase):
    """A "serious concern" yes/no column on a changelist of objects that belong to an
    organization (``organization_id``), computed in the rows query (one ``EXISTS``)."""

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(has_serious_concern=has_serious_concern_expression("organization_id"))
        )

    @admin.display(description=_lazy("serious concern"), boolean=True)
    def serious_concern(self, obj) -> bool:
        return obj.has_serious_concern


# The capped count lives in the core (every app's large changelists use it).
CheapCountPaginator = CappedCountPaginator


class SelectListFilter(admin.SimpleListFilter):
    """A list filter shown as one ``<select>`` in a small form instead of a link per choice.

    Django renders a link per choice, each with its own query string: with hundreds of
    choices (countries) that alone costs tens of milliseconds per changelist. The template
    renders the options and a submit button (no inline script: a strict CSP is coming);
    lists that grow with the registry use ``iomcso.core.autocomplete.AutocompleteListFilter``.
    """

    template = "partners/admin/select_filter.html"

    def choices(self, changelist):
        remove = [self.parameter_name or "", "p"]
        self.keep = [
            (name, value)
            for name, values in QueryDict(
                changelist.get_query_string(remove=remove).lstrip("?")
            ).lists()
            for value in values
        ]
        self.field_id = f"filter-{self.parameter_name}"
        # Escaped by Django's format_html_join (the options of a 250-country list rendered
        # one template node each cost several milliseconds).
        self.options_html = select_options_html(
            [("", _("All")), *self.lookup_choices], self.value() or ""
        )
        return []

    def has_output(self) -> bool:
        return True
