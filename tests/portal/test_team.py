"""Team roles, invitations (14 days, single use), role changes and removal."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from iomcso.core.models import OutboxMessage
from partners.choices import MemberRole
from partners.models import OrganizationInvitation, OrganizationMember
from partners.portal import services
from tests.factories import UserFactory


def _invite(client, team, email="colleague@example.org", role="editor"):
    client.force_login(team.administrator)
    return client.post(
        reverse("portal:invitation_create", kwargs={"organization_id": team.organization.pk}),
        {"email": email, "role": role},
    )


def test_invitation_email_carries_a_link_valid_14_days_that_works_once(client, team):
    _invite(client, team)
    invitation = OrganizationInvitation.objects.get(email="colleague@example.org")
    days = (invitation.expires_at - timezone.now()).total_seconds() / 86400
    assert 13.9 < days <= 14
    message = OutboxMessage.objects.get(to=["colleague@example.org"])
    found = re.search(r"http\S+/portal/invitations/\S+/", message.body_text)
    assert found is not None
    link = found.group(0)
    path = link.split("127.0.0.1:8000", 1)[-1]

    colleague = UserFactory(email="colleague@example.org")
    client.force_login(colleague)
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert OrganizationMember.objects.get(user=colleague).role == MemberRole.EDITOR

    someone_else = UserFactory()
    client.force_login(someone_else)
    assert client.post(path).status_code == 410
    assert not OrganizationMember.objects.filter(user=someone_else).exists()


def test_expired_invitation_is_refused(client, team):
    invitation = services.invitation_create(
        organization=team.organization,
        actor=team.administrator,
        email="late@example.org",
        role="viewer",
    )
    OrganizationInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    late = UserFactory(email="late@example.org")
    client.force_login(late)
    response = client.post(reverse("portal:invitation_accept", kwargs={"token": invitation.token}))
    assert response.status_code == 410
    assert not OrganizationMember.objects.filter(user=late).exists()


def test_withdrawn_invitation_is_refused(team):
    invitation = services.invitation_create(
        organization=team.organization,
        actor=team.administrator,
        email="x@example.org",
        role="viewer",
    )
    services.invitation_revoke(invitation=invitation, actor=team.administrator)
    with pytest.raises(services.PortalError):
        services.invitation_accept(token=invitation.token, actor=UserFactory())


def test_administrator_changes_a_role_and_removes_a_member(client, team):
    client.force_login(team.administrator)
    viewer_membership = OrganizationMember.objects.get(user=team.viewer)
    client.post(
        reverse(
            "portal:member_change_role",
            kwargs={"organization_id": team.organization.pk, "member_id": viewer_membership.pk},
        ),
        {"role": "editor"},
    )
    viewer_membership.refresh_from_db()
    assert viewer_membership.role == MemberRole.EDITOR
    client.post(
        reverse(
            "portal:member_remove",
            kwargs={"organization_id": team.organization.pk, "member_id": viewer_membership.pk},
        )
    )
    assert not OrganizationMember.objects.filter(pk=viewer_membership.pk).exists()


def test_the_last_administrator_can_neither_step_down_nor_be_removed(client, team):
    own = OrganizationMember.objects.get(user=team.administrator)
    client.force_login(team.administrator)
    response = client.post(
        reverse(
            "portal:member_change_role",
            kwargs={"organization_id": team.organization.pk, "member_id": own.pk},
        ),
        {"role": "viewer"},
        follow=True,
    )
    assert "at least one administrator" in response.content.decode()
    own.refresh_from_db()
    assert own.role == MemberRole.ADMINISTRATOR
    with pytest.raises(services.LastAdministratorError):
        services.member_remove(member=own, actor=team.administrator)
    assert OrganizationMember.objects.filter(pk=own.pk).exists()


def test_the_last_administrator_removing_themselves_is_refused_on_the_team_page(client, team):
    own = OrganizationMember.objects.get(user=team.administrator)
    client.force_login(team.administrator)
    response = client.post(
        reverse(
            "portal:member_remove",
            kwargs={"organization_id": team.organization.pk, "member_id": own.pk},
        )
    )
    team_url = reverse("portal:team", kwargs={"organization_id": team.organization.pk})
    assert response.status_code == 302
    assert response["Location"] == team_url
    page = client.get(team_url).content.decode()
    # A refusal is announced to screen readers at once, not as polite news.
    assert re.search(r'role="alert">\s*An organization needs at least one administrator', page)
    assert OrganizationMember.objects.filter(pk=own.pk).exists()


def test_an_administrator_may_step_down_once_another_is_named(team):
    editor_membership = OrganizationMember.objects.get(user=team.editor)
    services.member_change_role(
        member=editor_membership, actor=team.administrator, role=MemberRole.ADMINISTRATOR
    )
    own = OrganizationMember.objects.get(user=team.administrator)
    services.member_change_role(member=own, actor=team.administrator, role=MemberRole.VIEWER)
    own.refresh_from_db()
    assert own.role == MemberRole.VIEWER


def test_viewer_sees_the_team_but_no_administration_controls(client, team):
    client.force_login(team.viewer)
    page = client.get(reverse("portal:team", kwargs={"organization_id": team.organization.pk}))
    body = page.content.decode()
    assert team.administrator.email in body
    assert "Invite a colleague" not in body
    assert "Change role" not in body


def test_an_invitation_link_used_by_someone_else_adds_nobody(client, team):
    invitation = services.invitation_create(
        organization=team.organization,
        actor=team.administrator,
        email="invited@example.org",
        role="editor",
    )
    intruder = UserFactory(email="intruder@example.org")
    client.force_login(intruder)
    url = reverse("portal:invitation_accept", kwargs={"token": invitation.token})
    assert "You are signed in with another email address" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "This invitation was sent to invited@example.org" in response.content.decode()
    assert not OrganizationMember.objects.filter(user=intruder).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_anonymous_visitor_is_offered_to_sign_in_or_sign_up_and_come_back(client, team):
    invitation = services.invitation_create(
        organization=team.organization,
        actor=team.administrator,
        email="n@example.org",
        role="viewer",
    )
    url = reverse("portal:invitation_accept", kwargs={"token": invitation.token})
    body = client.get(url).content.decode()
    assert f"/en/accounts/login/?next={url}" in body
    assert f"/en/accounts/signup/?next={url}" in body
    assert client.post(url).status_code == 200
    assert not OrganizationInvitation.objects.get(pk=invitation.pk).accepted_at


def test_unknown_invitation_token_is_gone(client, db):
    client.force_login(UserFactory())
    response = client.get(reverse("portal:invitation_accept", kwargs={"token": "nope"}))
    assert response.status_code == 410


def test_a_member_leaves_the_team_but_the_last_administrator_cannot(client, team):
    url = reverse("portal:membership_leave", kwargs={"organization_id": team.organization.pk})
    client.force_login(team.viewer)
    assert client.post(url)["Location"] == reverse("portal:dashboard")
    assert not OrganizationMember.objects.filter(user=team.viewer).exists()
    client.force_login(team.administrator)
    response = client.post(url, follow=True)
    assert "at least one administrator" in response.content.decode()
    assert OrganizationMember.objects.filter(user=team.administrator).exists()


def test_the_dashboard_lists_invitations_for_the_users_address(client, team):
    invited = UserFactory(email="invited@example.org")
    services.invitation_create(
        organization=team.organization,
        actor=team.administrator,
        email="Invited@example.org",
        role="viewer",
    )
    client.force_login(invited)
    body = client.get(reverse("portal:dashboard")).content.decode()
    assert f"Join <bdi>{team.organization.name}</bdi> as Viewer" in body


def test_accepted_withdrawn_and_expired_invitations_are_listed_neither_for_the_team_nor_the_invitee(
    team,
):
    from partners.portal import selectors

    invited = UserFactory(email="invited@example.org")

    def invite():
        return services.invitation_create(
            organization=team.organization,
            actor=team.administrator,
            email="invited@example.org",
            role="viewer",
        )

    still_open = invite()
    OrganizationInvitation.objects.filter(pk=invite().pk).update(accepted_at=timezone.now())
    services.invitation_revoke(invitation=invite(), actor=team.administrator)
    OrganizationInvitation.objects.filter(pk=invite().pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    assert list(selectors.open_invitations(team.organization)) == [still_open]
    assert list(selectors.my_open_invitations(invited)) == [still_open]


def test_the_dashboard_leads_members_to_their_consultations_and_observer_status(client, team):
    client.force_login(team.editor)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert reverse("consultations:mine") in page
    assert reverse("observers:apply") in page
