"""Screening runs after commit when an organization registers, changes an identity field, or
gains a contact or a team member."""

import pytest

from partners import services as registry
from partners.portal import services as portal
from partners.screening import hooks
from tests.factories import UserFactory
from tests.partners.factories import OrganizationFactory, OrganizationMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    calls: list[int] = []

    def enqueue(name, **kwargs):
        if name == "screen_organization_task":
            calls.append(kwargs["organization_id"])

    monkeypatch.setattr(hooks, "enqueue", enqueue)
    return calls


def test_a_registered_organization_is_screened_after_commit(
    queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organization = registry.organization_create(
            actor=None,
            name="Al Rasheed Trust",
            partner_type="ngo",
            level="national",
            headquarters_country="PK",
        )

    assert queued == [organization.pk]


def test_a_name_change_screens_again_and_another_change_does_not(
    queued, django_capture_on_commit_callbacks
):
    organization = OrganizationFactory(name="Harbour Aid")

    with django_capture_on_commit_callbacks(execute=True):
        registry.organization_update(actor=None, organization=organization, description="New")
    assert queued == []

    with django_capture_on_commit_callbacks(execute=True):
        registry.organization_update(actor=None, organization=organization, acronym="HA")
    with django_capture_on_commit_callbacks(execute=True):
        registry.organization_update(actor=None, organization=organization, name="Harbour Aid 2")
    assert queued == [organization.pk, organization.pk]


def test_an_identity_change_awaiting_review_is_screened(queued, django_capture_on_commit_callbacks):
    organization = OrganizationFactory(name="Harbour Aid", verified=True)
    admin = OrganizationMemberFactory(organization=organization, role="administrator").user

    with django_capture_on_commit_callbacks(execute=True):
        portal.organization_submit_profile_changes(
            organization=organization, actor=admin, data={"name": "Al Rasheed Trust"}
        )

    assert queued == [organization.pk]


def test_a_new_contact_or_team_member_is_screened(queued, django_capture_on_commit_callbacks):
    organization = OrganizationFactory()
    admin = OrganizationMemberFactory(organization=organization, role="administrator").user

    with django_capture_on_commit_callbacks(execute=True):
        portal.contact_save(organization=organization, actor=admin, data={"name": "Ivan Sidorov"})
    joiner = UserFactory(full_name="Mohammed Youssef al-Farsi")
    request = portal.join_request_create(organization=organization, actor=joiner)
    with django_capture_on_commit_callbacks(execute=True):
        portal.join_request_decide(join_request=request, actor=admin, approve=True)

    assert queued == [organization.pk, organization.pk]


def test_a_contact_added_by_staff_in_the_admin_is_screened(
    client, queued, django_capture_on_commit_callbacks
):
    from tests.factories import SuperUserFactory

    organization = OrganizationFactory()
    client.force_login(SuperUserFactory())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/admin/partners/contact/add/",
            {"organization": organization.pk, "name": "Ivan Sidorov"},
        )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert queued == [organization.pk]
