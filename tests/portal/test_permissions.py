"""Every portal URL of an organization, tried as outsider, viewer, editor and administrator.

A role below the one a page needs gets the same 404 as an outsider: nothing tells a
user of organization A that a page, document or action of organization B exists.
"""

import datetime

import pytest
from django.urls import reverse

from partners.portal import urls as portal_urls
from tests.portal.conftest import pdf_upload

ROLES = ["outsider", "viewer", "editor", "administrator"]
RANK = {"outsider": 0, "viewer": 1, "editor": 2, "administrator": 3}

# name -> (method, minimum role, the object the URL addresses, POST data)
ORGANIZATION_URLS = {
    "organization_detail": ("get", "viewer", None, None),
    "organization_edit": ("get", "editor", None, None),
    "organization_resubmit": ("post", "editor", None, {}),
    "organization_confirm": ("post", "editor", None, {}),
    "organization_logo_edit": ("get", "editor", None, None),
    "organization_logo_remove": ("post", "editor", None, {}),
    "organization_logo_preview": ("get", "viewer", None, None),
    "team": ("get", "viewer", None, None),
    "invitation_create": (
        "post",
        "administrator",
        None,
        {"email": "new@example.org", "role": "viewer"},
    ),
    "invitation_revoke": ("post", "administrator", "invitation", {}),
    "member_change_role": ("post", "administrator", "member", {"role": "editor"}),
    "member_remove": ("post", "administrator", "member", {}),
    "membership_leave": ("post", "viewer", None, {}),
    "join_request_decide": ("post", "administrator", "join_request", {"decision": "approve"}),
    "documents": ("get", "viewer", None, None),
    "document_download": ("get", "viewer", "document", None),
    "document_delete": ("post", "editor", "document", {}),
    "contacts": ("get", "viewer", None, None),
    "contact_add": ("get", "editor", None, None),
    "contact_edit": ("get", "editor", "contact", None),
    "contact_delete": ("post", "editor", "contact", {}),
    "cooperation": ("get", "viewer", None, None),
    "cooperation_add": ("get", "editor", None, None),
    "cooperation_edit": ("get", "editor", "record", None),
    "cooperation_delete": ("post", "editor", "record", {}),
}
OBJECT_KWARG = {
    "invitation": "invitation_id",
    "member": "member_id",
    "join_request": "join_request_id",
    "document": "document_id",
    "contact": "contact_id",
    "record": "record_id",
}
# Pages not tied to one organization; tested in their own modules.
USER_URLS = {
    "dashboard",
    "registration_start",
    "registration_step",
    "registration_discard",
    "join_request_create",
    "invitation_accept",
    "staff_identity_changes",
    "staff_identity_change_decide",
}


def _url(name, organization, objects):
    kwargs = {"organization_id": organization.pk}
    target = ORGANIZATION_URLS[name][2]
    if target:
        kwargs[OBJECT_KWARG[target]] = objects[target].pk
    return reverse(f"portal:{name}", kwargs=kwargs)


def test_every_portal_url_pattern_is_in_the_access_table():
    names = {pattern.name for pattern in portal_urls.urlpatterns}
    assert names == set(ORGANIZATION_URLS) | USER_URLS


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ORGANIZATION_URLS))
def test_portal_url_answers_404_below_the_role_it_needs(
    client, team, team_objects, outsider, name, role
):
    method, minimum, _target, data = ORGANIZATION_URLS[name]
    user = team.user(role) or outsider
    client.force_login(user)
    url = _url(name, team.organization, team_objects)
    response = getattr(client, method)(url, data) if method == "post" else client.get(url)
    if RANK[role] < RANK[minimum]:
        assert response.status_code == 404
    else:
        assert response.status_code in (200, 302), response.status_code


@pytest.mark.parametrize("name", sorted(ORGANIZATION_URLS))
def test_administrator_of_organization_a_gets_404_for_every_url_of_organization_b(
    client, team, other_team, make_document, name
):
    from tests.portal.conftest import Team  # noqa: F401 - documents the fixture's shape

    b_objects = _objects_for(other_team, make_document)
    client.force_login(team.administrator)
    method, _minimum, _target, data = ORGANIZATION_URLS[name]
    url = _url(name, other_team.organization, b_objects)
    response = getattr(client, method)(url, data) if method == "post" else client.get(url)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name", sorted(name for name, spec in ORGANIZATION_URLS.items() if spec[2])
)
def test_object_of_organization_b_under_organization_a_url_is_404(
    client, team, other_team, make_document, name
):
    """An administrator of A cannot reach B's objects by putting their ids in A's URLs."""
    b_objects = _objects_for(other_team, make_document)
    client.force_login(team.administrator)
    method, _minimum, target, data = ORGANIZATION_URLS[name]
    assert target is not None
    url = reverse(
        f"portal:{name}",
        kwargs={
            "organization_id": team.organization.pk,
            OBJECT_KWARG[target]: b_objects[target].pk,
        },
    )
    response = getattr(client, method)(url, data) if method == "post" else client.get(url)
    assert response.status_code == 404


def _objects_for(team, make_document):
    from django.utils import timezone

    from partners.choices import MemberRole
    from partners.models import JoinRequest, OrganizationInvitation
    from tests.factories import UserFactory
    from tests.partners.factories import (
        ContactFactory,
        CooperationRecordFactory,
        OrganizationMemberFactory,
    )

    organization = team.organization
    return {
        "document": make_document(organization, team.administrator),
        "contact": ContactFactory(organization=organization),
        "record": CooperationRecordFactory(organization=organization),
        "member": OrganizationMemberFactory(organization=organization, role=MemberRole.VIEWER),
        "invitation": OrganizationInvitation.objects.create(
            organization=organization,
            email="b@example.org",
            role=MemberRole.VIEWER,
            token=f"b-{organization.pk}",
            invited_by=team.administrator,
            expires_at=timezone.now() + datetime.timedelta(days=14),
        ),
        "join_request": JoinRequest.objects.create(organization=organization, user=UserFactory()),
    }


def test_anonymous_visitor_is_sent_to_login_for_portal_pages(client, team, team_objects):
    for name in ORGANIZATION_URLS:
        method = ORGANIZATION_URLS[name][0]
        url = _url(name, team.organization, team_objects)
        response = client.post(url, {}) if method == "post" else client.get(url)
        if name == "document_download":
            assert response.status_code == 404
        else:
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]


def test_viewer_cannot_upload_a_document(client, team):
    client.force_login(team.viewer)
    response = client.post(
        reverse("portal:documents", kwargs={"organization_id": team.organization.pk}),
        {"kind": "statutes", "file": pdf_upload()},
    )
    assert response.status_code == 404
    assert not team.organization.documents.exists()


def test_staff_with_document_permission_can_download_any_organizations_document(
    client, team, team_objects, staff_user
):
    client.force_login(staff_user)
    response = client.get(_url("document_download", team.organization, team_objects))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_staff_without_document_permission_gets_404(client, team, team_objects):
    from tests.factories import StaffUserFactory

    client.force_login(StaffUserFactory())
    response = client.get(_url("document_download", team.organization, team_objects))
    assert response.status_code == 404


def test_staff_identity_review_pages_are_refused_to_partners(client, team):
    client.force_login(team.administrator)
    assert client.get(reverse("portal:staff_identity_changes")).status_code == 403
    response = client.post(
        reverse(
            "portal:staff_identity_change_decide", kwargs={"organization_id": team.organization.pk}
        ),
        {"decision": "approve"},
    )
    assert response.status_code == 403


def test_portal_forms_require_a_csrf_token(team):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(team.administrator)
    response = client.post(
        reverse("portal:organization_confirm", kwargs={"organization_id": team.organization.pk})
    )
    assert response.status_code == 403
    team.organization.refresh_from_db()
    assert team.organization.profile_confirmed_at is None


@pytest.mark.parametrize("name", sorted(ORGANIZATION_URLS))
def test_staff_without_two_factor_are_sent_to_enrolment_from_every_organization_url(
    client, team, team_objects, settings, name
):
    """Even staff allowed to see every organization (document permission, superuser) reach
    none of its pages, nor act on them, before enrolling a second factor."""
    from tests.factories import SuperUserFactory

    settings.REQUIRE_STAFF_TWO_FACTOR = True
    client.force_login(SuperUserFactory())
    method, _minimum, _target, data = ORGANIZATION_URLS[name]
    url = _url(name, team.organization, team_objects)
    response = getattr(client, method)(url, data) if method == "post" else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_staff_without_two_factor_are_sent_to_enrolment_from_every_user_url(client, db, settings):
    from tests.core.url_walk import every_url
    from tests.factories import SuperUserFactory

    settings.REQUIRE_STAFF_TWO_FACTOR = True
    client.force_login(SuperUserFactory())
    walked = [url for url in every_url() if url.view_name.removeprefix("portal:") in USER_URLS]
    assert {url.view_name.removeprefix("portal:") for url in walked} == USER_URLS
    for url in walked:
        for method in ("get", "post"):
            response = getattr(client, method)(url.url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("mfa_activate_totp")), url
