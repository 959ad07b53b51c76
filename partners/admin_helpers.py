"""Pieces other apps' admins reuse: the serious-concern warning and a cheap paginator.

Show an organization's open serious concerns on any staff page::

    from partners.admin_helpers import SeriousConcernAdminMixin

    class RegistrationAdmin(SeriousConcernAdminMixin, admin.ModelAdmin):
        serious_concern_organization_field = "organization"  # dotted path from the object

The change page then carries a warning message per open serious concern. In a template,
``{% load partners_staff %}{% serious_concern_banner organization %}`` renders the same.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from .selectors import organization_serious_concerns


def serious_concern_message(observation) -> str:
    author = observation.author.get_full_name() if observation.author else _("staff")
    return _("Serious concern about %(organization)s (%(author)s, %(date)s): %(text)s") % {
        "organization": observation.organization,
        "author": author,
        "date": observation.created_at.date().isoformat(),
        "text": observation.text,
    }


class SeriousConcernAdminMixin:
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
        queryset = self.object_list
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
            import json

            plan = json.loads(plan)
        return int(plan[0]["Plan"]["Plan Rows"])
