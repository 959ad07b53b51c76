"""Who may call what: the token's scope, organization and (for staff) group permissions.

A partner token reaches only its own organization, and only while its user still holds a
role there; every other organization's objects answer 404, as the portal does.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from partners.models import ApiToken, Organization
from partners.permissions import CAN_EDIT, CAN_VIEW, member_role


def request_token(request) -> ApiToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


class TokenScopeAllowsMethod(BasePermission):
    """Anyone may read what is public; writing needs a read-write token."""

    message = _("This token is read-only.")

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        token = request_token(request)
        if token is None:
            raise NotAuthenticated
        return token.can_write


class PartnerToken(TokenScopeAllowsMethod):
    """A token made for an organization (the organization itself is checked per object)."""

    def has_permission(self, request, view) -> bool:
        token = request_token(request)
        if token is None:
            raise NotAuthenticated
        if token.organization_id is None:
            raise PermissionDenied(_("This endpoint needs a token made for an organization."))
        return super().has_permission(request, view)


class StaffToken(BasePermission):
    """A staff token whose user holds every permission the view lists in
    ``staff_permissions`` (the staff role groups decide, as in the admin)."""

    message = _("Your staff role does not allow this.")

    def has_permission(self, request, view) -> bool:
        token = request_token(request)
        if token is None:
            raise NotAuthenticated
        user = request.user
        if token.organization_id is not None or not (user.is_active and user.is_staff):
            raise PermissionDenied(_("This endpoint needs a staff token."))
        if request.method not in SAFE_METHODS and not token.can_write:
            return False
        return user.has_perms(getattr(view, "staff_permissions", ()))


def token_organization(request, organization_id: int, *, write: bool = False) -> Organization:
    """The organization in the URL if it is the token's and the user still has a role there
    (an editing role to write), else 404: another organization's data is never revealed."""
    token = request_token(request)
    if token is None or token.organization_id != organization_id:
        raise NotFound
    organization = token.organization
    assert organization is not None  # noqa: S101 - organization_id matched a real id
    role = member_role(request.user, organization)
    if role not in (CAN_EDIT if write else CAN_VIEW):
        raise NotFound
    return organization
