"""Fixtures of the API tests: a partner organization with a read-write token, another
organization with its own token, and a staff token with the read-only viewer's role."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from rest_framework.test import APIClient

from iomcso.core.roles import READ_ONLY_VIEWER
from partners.api.services import api_token_create
from partners.choices import MemberRole
from partners.models import ApiToken, Organization
from tests.factories import StaffUserFactory, UserFactory
from tests.partners.factories import OrganizationMemberFactory, VerifiedOrganizationFactory


@dataclass
class Partner:
    organization: Organization
    user: object
    token: ApiToken
    key: str

    def client(self) -> APIClient:
        return bearer_client(self.key)


def bearer_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def make_token(user, organization=None, scope=ApiToken.Scope.READ_WRITE) -> tuple[ApiToken, str]:
    return api_token_create(
        actor=user,
        name="CRM",
        scope=scope,
        organization=organization,
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )


def make_partner(role=MemberRole.ADMINISTRATOR, scope=ApiToken.Scope.READ_WRITE, **fields):
    organization = VerifiedOrganizationFactory(**fields)
    user = UserFactory()
    OrganizationMemberFactory(organization=organization, user=user, role=role)
    token, key = make_token(user, organization, scope)
    return Partner(organization, user, token, key)


@pytest.fixture
def partner(db) -> Partner:
    return make_partner()


@pytest.fixture
def other_partner(db) -> Partner:
    return make_partner()


@pytest.fixture
def staff_key(db) -> str:
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name=READ_ONLY_VIEWER))
    _token, key = make_token(user, None, ApiToken.Scope.READ)
    return key


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()
