"""The consultations' part of a user's data export: delegate registrations made under the
user's email address (by the user or by a colleague). Registered in ConsultationsConfig.ready().
"""

from typing import Any

from .models import Registration


def export_personal_data(user) -> dict[str, Any]:
    registrations = Registration.objects.filter(email__iexact=user.email).select_related(
        "consultation", "organization"
    )
    return {
        "consultation_registrations": [
            {
                "consultation": registration.consultation.title,
                "organization": registration.organization.name,
                "full_name": registration.full_name,
                "email": registration.email,
                "position": registration.position,
                "gender": registration.gender,
                "preferred_language": registration.preferred_language,
                "language_needs": registration.language_needs,
                "accessibility_needs": registration.accessibility_needs,
                "dietary_needs": registration.dietary_needs,
                "status": registration.status,
                "attendance": registration.attendance,
                "registered_at": registration.created_at.isoformat(),
            }
            for registration in registrations.order_by("created_at")
        ]
    }
