"""The observer programme's part of a user's data: Council session delegates named under the
user's addresses, in the export and in the erasure when the account is deleted.

Registered in ObserversConfig.ready()."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from iomcso.core.personal_data import (
    ANONYMISED_DELEGATE_NAME,
    email_matches,
    user_email_addresses,
)

from .models import SessionDelegate
from .services import delegate_remove


def export_personal_data(user) -> dict[str, Any]:
    delegates = SessionDelegate.objects.filter(
        email_matches("email", user_email_addresses(user))
    ).select_related("session", "observer__organization")
    return {
        "council_session_delegates": [
            {
                "session": str(delegate.session),
                "observer": delegate.observer.organization.name,
                "name": delegate.name,
                "email": delegate.email,
                "position": delegate.position,
                "registered_at": delegate.registered_at.isoformat(),
            }
            for delegate in delegates.order_by("registered_at")
        ]
    }


@transaction.atomic
def erase_personal_data(user) -> None:
    """Account deletion: the user is withdrawn from Council sessions still to come, and kept
    anonymised in those held.

    A session not over yet loses the delegate through ``delegate_remove`` (there is no seat
    or waitlist to move). A held session keeps the row, which counts in the record of which
    observers attended, with the name replaced by "Former delegate" and the address and
    position emptied.
    """
    delegates = SessionDelegate.objects.filter(email_matches("email", user_email_addresses(user)))
    for delegate in delegates.filter(session__ends_on__gte=timezone.localdate()).order_by("pk"):
        delegate_remove(delegate=delegate, actor=user)
    delegates.update(name=ANONYMISED_DELEGATE_NAME, email="", position="")
