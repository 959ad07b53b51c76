"""Who may see or change an organization's portal data: the one place that decides.

Every portal view (partners, consultations, observers) loads the organization through
``organization_for_user`` so an outsider gets a 404, never another organization's data.
Objects that belong to an organization (documents, contacts, cooperation records, team
members, invitations, join requests) are loaded through ``organization_object_for_user``,
which scopes them to an organization the user may reach with the given roles.
"""

from typing import TypeVar

from django.db.models import Model
from django.http import Http404

from .choices import MemberRole
from .models import Organization, OrganizationDocument, OrganizationMember

CAN_VIEW = frozenset({MemberRole.ADMINISTRATOR, MemberRole.EDITOR, MemberRole.VIEWER})
CAN_EDIT = frozenset({MemberRole.ADMINISTRATOR, MemberRole.EDITOR})
CAN_ADMINISTER = frozenset({MemberRole.ADMINISTRATOR})

ModelT = TypeVar("ModelT", bound=Model)


def member_role(user, organization: Organization) -> str | None:
    """The user's role in the organization, or None for an outsider."""
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


def organization_object_for_user(
    user, *, model: type[ModelT], organization_id: int, object_id: int, roles=CAN_VIEW
) -> tuple[Organization, ModelT]:
    """An object of ``model`` that belongs to an organization the user may reach, else 404.

    Both the organization in the URL and the object must match: an id of another
    organization's object answers 404 even to an administrator of this one.
    """
    organization = organization_for_user(user, organization_id=organization_id, roles=roles)
    instance = model._default_manager.filter(pk=object_id, organization=organization).first()
    if instance is None:
        raise Http404
    return organization, instance


def user_can(user, organization: Organization, roles=CAN_VIEW) -> bool:
    return member_role(user, organization) in roles


def staff_can_view_documents(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("partners.view_organizationdocument")
    )


def document_for_user(user, *, organization_id: int, document_id: int) -> OrganizationDocument:
    """A supporting document for IOM staff (with the view permission) or the organization's members.

    Anyone else, signed in or not, gets a 404 that reveals nothing.
    """
    if staff_can_view_documents(user):
        document = OrganizationDocument.objects.filter(
            pk=document_id, organization_id=organization_id
        ).first()
        if document is None:
            raise Http404
        return document
    _organization, document = organization_object_for_user(
        user,
        model=OrganizationDocument,
        organization_id=organization_id,
        object_id=document_id,
        roles=CAN_VIEW,
    )
    return document
