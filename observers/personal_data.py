"""The observer programme's part of a user's data export: Council session delegates named
under the user's email address. Registered in ObserversConfig.ready()."""

from typing import Any

from .models import SessionDelegate


def export_personal_data(user) -> dict[str, Any]:
    delegates = SessionDelegate.objects.filter(email__iexact=user.email).select_related(
        "session", "observer__organization"
    )
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
