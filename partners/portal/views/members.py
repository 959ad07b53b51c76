"""The organization's team: invitations, roles, leaving, requests to join."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iomcso.accounts.http import AuthenticatedHttpRequest
from iomcso.core import ratelimit
from partners.choices import MemberRole
from partners.models import JoinRequest, OrganizationInvitation, OrganizationMember
from partners.permissions import CAN_ADMINISTER, organization_for_user, organization_object_for_user

from .. import selectors, services
from ..forms import InvitationForm, MemberRoleForm
from .common import organization_context


@login_required
def team(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for_user(request.user, organization_id=organization_id)
    context = organization_context(request, organization)
    if context["can_administer"]:
        context.update(
            invitations=selectors.open_invitations(organization),
            join_requests=selectors.pending_join_requests(organization),
            invitation_form=InvitationForm(),
            roles=MemberRole.choices,
        )
    context["members"] = selectors.team_members(organization)
    return render(request, "partners/portal/team.html", context)


@login_required
@require_POST
def invitation_create(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for_user(
        request.user, organization_id=organization_id, roles=CAN_ADMINISTER
    )
    form = InvitationForm(request.POST)
    if not ratelimit.limit(request, action="team_invitation"):
        messages.error(request, ratelimit.RATE_LIMITED_MESSAGE)
    elif form.is_valid():
        try:
            invitation = services.invitation_create(
                organization=organization,
                actor=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except services.PortalError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s. The link is valid for 14 days.")
                % {"email": invitation.email},
            )
            return redirect("portal:team", organization_id=organization.pk)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
    return redirect("portal:team", organization_id=organization.pk)


@login_required
@require_POST
def invitation_revoke(
    request: HttpRequest, organization_id: int, invitation_id: int
) -> HttpResponse:
    _organization, invitation = organization_object_for_user(
        request.user,
        model=OrganizationInvitation,
        organization_id=organization_id,
        object_id=invitation_id,
        roles=CAN_ADMINISTER,
    )
    services.invitation_revoke(invitation=invitation, actor=request.user)
    messages.success(request, _("The invitation was withdrawn."))
    return redirect("portal:team", organization_id=organization_id)


@login_required
@require_POST
def member_change_role(request: HttpRequest, organization_id: int, member_id: int) -> HttpResponse:
    _organization, member = organization_object_for_user(
        request.user,
        model=OrganizationMember,
        organization_id=organization_id,
        object_id=member_id,
        roles=CAN_ADMINISTER,
    )
    form = MemberRoleForm(request.POST)
    if form.is_valid():
        try:
            services.member_change_role(
                member=member, actor=request.user, role=form.cleaned_data["role"]
            )
        except services.PortalError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The role was changed."))
    return redirect("portal:team", organization_id=organization_id)


@login_required
@require_POST
def member_remove(request: HttpRequest, organization_id: int, member_id: int) -> HttpResponse:
    _organization, member = organization_object_for_user(
        request.user,
        model=OrganizationMember,
        organization_id=organization_id,
        object_id=member_id,
        roles=CAN_ADMINISTER,
    )
    try:
        services.member_remove(member=member, actor=request.user)
    except services.PortalError as error:
        # Refused (the last administrator): stay on the team page, where the message applies.
        messages.error(request, error.message)
        return redirect("portal:team", organization_id=organization_id)
    messages.success(request, _("The member was removed from the team."))
    if member.user_id == request.user.pk:
        return redirect("portal:dashboard")
    return redirect("portal:team", organization_id=organization_id)


@login_required
@require_POST
def membership_leave(request: AuthenticatedHttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for_user(request.user, organization_id=organization_id)
    # Gone if the membership was removed since the permission check: nothing to leave.
    member = get_object_or_404(OrganizationMember, organization=organization, user=request.user)
    try:
        services.member_remove(member=member, actor=request.user)
    except services.PortalError as error:
        messages.error(request, error.message)
        return redirect("portal:team", organization_id=organization.pk)
    messages.success(
        request,
        _("You left the team of %(organization)s.") % {"organization": organization.name},
    )
    return redirect("portal:dashboard")


@login_required
@require_POST
def join_request_decide(
    request: HttpRequest, organization_id: int, join_request_id: int
) -> HttpResponse:
    _organization, join_request = organization_object_for_user(
        request.user,
        model=JoinRequest,
        organization_id=organization_id,
        object_id=join_request_id,
        roles=CAN_ADMINISTER,
    )
    approve = request.POST.get("decision") == "approve"
    role = request.POST.get("role") or MemberRole.VIEWER
    if role not in MemberRole.values:
        role = MemberRole.VIEWER
    try:
        services.join_request_decide(
            join_request=join_request, actor=request.user, approve=approve, role=role
        )
    except services.PortalError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The request was approved.") if approve else _("The request was declined.")
        )
    return redirect("portal:team", organization_id=organization_id)
