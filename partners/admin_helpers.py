"""Pieces other apps' admins reuse: the serious-concern warning and a cheap paginator.

Show an organization's open serious concerns on any staff page::

    from partners.admin_helpers import SeriousConcernAdminMixin

    class RegistrationAdmin(SeriousConcernAdminMixin, admin.ModelAdmin):
        serious_concern_organization_field = "organization"  # dotted path from the object

The change page then carries a warning message per open serious concern. In a template,
``{% load partners_staff %}{% serious_concern_banner organization %}`` renders the same.
"""

import json
from html import escape
from typing import TYPE_CHECKING, cast

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .filters import select_options_html
from .selectors import organization_serious_concerns


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


class CheapCountPaginator(Paginator):
    """A paginator that never counts a large table exactly.

    Counts at most ``exact_limit + 1`` rows (``SELECT COUNT(*) FROM (... LIMIT n)``); past
    that it uses PostgreSQL's estimate of the query's rows (``EXPLAIN``). Page numbers
    beyond the real end simply show an empty page.
    """

    exact_limit = 10_000

    @cached_property
    def count(self) -> int:
        queryset = cast(QuerySet, self.object_list)  # the admin paginates querysets
        capped = queryset.order_by()[: self.exact_limit + 1].count()
        if capped <= self.exact_limit:
            return capped
        return max(capped, self._estimate(queryset))

    def _estimate(self, queryset) -> int:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        connection = connections[queryset.db]
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return int(plan[0]["Plan"]["Plan Rows"])


class SelectListFilter(admin.SimpleListFilter):
    """A list filter shown as one ``<select>`` instead of a link per choice.

    Django renders a link per choice, each with its own query string: with hundreds of
    choices (countries, networks) that alone costs tens of milliseconds per changelist.
    This renders the options in Python, once, and submits with the other filters kept.
    """

    template = "partners/admin/select_filter.html"

    def choices(self, changelist):
        self._changelist = changelist
        return []

    def has_output(self) -> bool:
        return True

    @property
    def select_html(self) -> str:
        changelist = self._changelist
        keep = QueryDict(changelist.get_query_string(remove=[self.parameter_name, "p"]).lstrip("?"))
        hidden = "".join(
            f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
            for name, values in keep.lists()
            for value in values
        )
        options = select_options_html([("", _("All")), *self.lookup_choices], self.value() or "")
        field_name = self.parameter_name or ""  # set on every subclass
        field_id = f"filter-{field_name}"
        return mark_safe(  # noqa: S308 - every value is escaped above
            f'<form method="get" class="select-list-filter">{hidden}'
            f'<label for="{field_id}" class="visually-hidden">{escape(str(self.title))}</label>'
            f'<select id="{field_id}" name="{escape(field_name)}" '
            f"data-autosubmit>{options}</select>"
            f'<noscript><button type="submit">{escape(str(_("Filter")))}</button></noscript>'
            f"</form>"
        )
