"""Helpers the portal's views share: form errors from a service, the registration's review
rows, the context of an organization's pages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from partners.choices import MemberRole
from partners.permissions import CAN_ADMINISTER, CAN_EDIT, member_role


def add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def review_rows(form) -> list[tuple[str, str, list]]:
    """(label, value as the user reads it, errors) for each field of the registration."""
    rows = []
    for bound in form:
        value = bound.value()
        if isinstance(value, bool):
            shown = [_("Yes") if value else _("No")]
        else:
            values = value if isinstance(value, list | tuple) else [value]
            choices = dict(getattr(bound.field, "choices", None) or [])
            shown = [str(choices.get(item, item)) for item in values if item not in (None, "")]
        rows.append((bound.label, ", ".join(shown) or "—", bound.errors))
    return rows


def organization_context(request, organization, **extra):
    role = member_role(request.user, organization)
    return {
        "organization": organization,
        "role": role,
        "role_label": MemberRole(role).label if role else "",
        "can_edit": role in CAN_EDIT,
        "can_administer": role in CAN_ADMINISTER,
        **extra,
    }
