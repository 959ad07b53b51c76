"""Staff-page template helpers: ``{% serious_concern_banner organization %}``."""

import datetime

from django import template
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from partners.selectors import organization_serious_concerns

register = template.Library()


@register.inclusion_tag("partners/admin/_serious_concern_banner.html")
def serious_concern_banner(organization):
    """Lists the organization's open serious concerns (renders nothing when none)."""
    organization_id = getattr(organization, "pk", organization)
    return {"concerns": organization_serious_concerns(organization_id=organization_id)}


@register.inclusion_tag("admin/date_hierarchy.html")
def cheap_date_hierarchy(cl):
    """The admin's date drill-down without scanning the filtered rows.

    Django's own tag runs ``MIN/MAX`` and ``SELECT DISTINCT date_trunc(...)`` over every
    filtered row on each request. This one offers the years between the table's first and
    last date (two index-served lookups), then the twelve months of a chosen year.
    """
    field_name = cl.date_hierarchy
    if not field_name:
        return {"show": False}
    year_field, month_field = f"{field_name}__year", f"{field_name}__month"
    generic = f"{field_name}__"
    year = cl.params.get(year_field)
    year = year[-1] if isinstance(year, list) else year
    month = cl.params.get(month_field)
    month = month[-1] if isinstance(month, list) else month

    def link(filters):
        return cl.get_query_string(filters, [generic])

    manager = cl.model._default_manager
    if year and str(year).isdigit():
        year = int(year)
        choices = [
            {
                "link": None
                if month and str(month) == str(number)
                else link({year_field: year, month_field: number}),
                "title": capfirst(
                    formats.date_format(datetime.date(year, number, 1), "YEAR_MONTH_FORMAT")
                ),
            }
            for number in range(1, 13)
        ]
        return {
            "show": True,
            "back": {"link": link({}), "title": _("All dates")},
            "choices": choices,
        }
    first = manager.order_by(field_name).values_list(field_name, flat=True).first()
    last = manager.order_by(f"-{field_name}").values_list(field_name, flat=True).first()
    if first is None or last is None:
        return {"show": False}
    return {
        "show": True,
        "back": None,
        "choices": [
            {"link": link({year_field: str(number)}), "title": str(number)}
            for number in range(first.year, last.year + 1)
        ],
    }
