"""Emails about a registration, queued in the outbox with the write that causes them."""

from iomcso.core.services import email_queue

from ..models import Registration


def registration_email(registration: Registration, *, event: str) -> None:
    if not registration.email:  # anonymised after the delegate deleted their account
        return
    email_queue(
        to=registration.email,
        template="consultations/registration_status",
        context={
            "event": event,
            "consultation": registration.consultation,
            "full_name": registration.full_name,
            "organization_name": registration.organization.name,
        },
        language=registration.preferred_language,
    )
