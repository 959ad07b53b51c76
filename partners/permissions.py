"""Who may see or change an organization's portal data: the one place that decides.

Every portal view (partners, consultations, observers) loads the organization through
``organization_for_user`` so an outsider gets a 404, never another organization's data.
"""

from django.http import Http404

from .choices import MemberRole
from .models import Organization, OrganizationMember

CAN_VIEW = frozenset({MemberRole.ADMINISTRATOR, MemberRole.EDITOR, MemberRole.VIEWER})
CAN_EDIT = frozenset({MemberRole.ADMINISTRATOR, MemberRole.EDITOR})
CAN_ADMINISTER = frozenset({MemberRole.ADMINISTRATOR})


def member_role(user, organization: Organization) -> str | None:
    if not user.is_authenticated:
        return None
    return (
        OrganizationMember.objects.filter(organization=organization, user=user)
        .values_list("role", flat=True)
        .first()
    )


def organization_for_user(user, *, organization_id: int, roles=CAN_VIEW) -> Organization:
    """The organization if the user holds one of ``roles`` in it, else 404 (not 403: no leaks)."""
    if not user.is_authenticated:
        raise Http404
    organization = (
        Organization.objects.filter(
            pk=organization_id, members__user=user, members__role__in=list(roles)
        )
        .distinct()
        .first()
    )
    if organization is None:
        raise Http404
    return organization


def user_can(user, organization: Organization, roles=CAN_VIEW) -> bool:
    return member_role(user, organization) in roles
