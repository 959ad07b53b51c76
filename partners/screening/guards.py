"""The block a confirmed sanctions match puts on an organization.

The registry, consultations and observers call ``organization_screening_guard`` before
verifying, registering or applying. Imports only models, so every service may import it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .selectors import organization_is_blocked

# What a partner reads: nothing about screening (the partner never sees its results).
PARTNER_BLOCKED_MESSAGE = gettext_lazy(
    "This is not possible for your organization at the moment. Please contact IOM."
)


class ScreeningBlocked(ValidationError):
    """The organization has a confirmed match with the sanctions list."""


def organization_screening_guard(*, organization_id: int, for_partner: bool) -> None:
    """Raise ``ScreeningBlocked`` when a confirmed match blocks the organization.

    ``for_partner``: the message a partner reads says nothing about screening (the partner
    never sees screening results); staff read the reason.
    """
    if not organization_is_blocked(organization_id=organization_id):
        return
    if for_partner:
        raise ScreeningBlocked(str(PARTNER_BLOCKED_MESSAGE))
    raise ScreeningBlocked(
        _(
            "A confirmed match with the UN Security Council Consolidated List blocks this "
            "organization (see its serious concern)."
        )
    )
