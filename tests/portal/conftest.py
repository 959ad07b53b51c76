"""Fixtures of the portal tests: one organization with a member of each role, and its objects."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from partners.choices import MemberRole
from partners.models import JoinRequest, OrganizationInvitation
from tests.factories import StaffUserFactory, UserFactory
from tests.partners.factories import (
    ContactFactory,
    CooperationRecordFactory,
    OrganizationMemberFactory,
    VerifiedOrganizationFactory,
)

PASSWORD = "correct horse battery staple"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_bytes(width: int = 400, height: int = 300) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (0, 51, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_upload(name: str = "certificate.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


class Team:
    """An organization with an administrator, an editor and a viewer."""

    def __init__(self, organization=None):
        self.organization = organization or VerifiedOrganizationFactory()
        self.administrator = OrganizationMemberFactory(
            organization=self.organization, role=MemberRole.ADMINISTRATOR
        ).user
        self.editor = OrganizationMemberFactory(
            organization=self.organization, role=MemberRole.EDITOR
        ).user
        self.viewer = OrganizationMemberFactory(
            organization=self.organization, role=MemberRole.VIEWER
        ).user

    def user(self, role: str):
        return {
            "outsider": None,
            "viewer": self.viewer,
            "editor": self.editor,
            "administrator": self.administrator,
        }[role]


@pytest.fixture
def team(db):
    return Team()


@pytest.fixture
def other_team(db):
    return Team()


@pytest.fixture
def outsider(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    from django.contrib.auth.models import Group, Permission

    from iomcso.core.roles import PARTNERSHIPS_OFFICER

    user = StaffUserFactory()
    group, _ = Group.objects.get_or_create(name=PARTNERSHIPS_OFFICER)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="partners",
            codename__in=["change_organization", "view_organization", "view_organizationdocument"],
        )
    )
    user.groups.add(group)
    return user


@pytest.fixture
def make_document(run_on_commit):
    from partners.portal.services import document_upload

    def make(organization, actor):
        return document_upload(
            organization=organization, actor=actor, kind="statutes", title="", upload=pdf_upload()
        )

    return make


@pytest.fixture
def team_objects(team, make_document):
    """One object of each kind the portal's URLs address, all belonging to ``team`` (and a logo)."""
    organization = team.organization
    organization.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    extra_member = OrganizationMemberFactory(organization=organization, role=MemberRole.VIEWER)
    requester = UserFactory()
    return {
        "document": make_document(organization, team.administrator),
        "contact": ContactFactory(organization=organization),
        "record": CooperationRecordFactory(organization=organization),
        "member": extra_member,
        "invitation": OrganizationInvitation.objects.create(
            organization=organization,
            email="colleague@example.org",
            role=MemberRole.EDITOR,
            token="token-" + str(organization.pk),
            invited_by=team.administrator,
            expires_at=timezone.now() + datetime.timedelta(days=14),
        ),
        "join_request": JoinRequest.objects.create(organization=organization, user=requester),
    }
