"""Factories of observer status. Registry objects come from tests/partners/factories.py."""

import datetime

import factory
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from iomcso.core.roles import OBSERVER_REVIEWER
from observers import services
from observers.models import CouncilSession, Criterion
from partners.choices import DocumentKind, EcosocStatus, Level, MemberRole
from partners.models import OrganizationDocument
from tests.factories import StaffUserFactory, UserFactory
from tests.partners.factories import (
    CooperationRecordFactory,
    OrganizationMemberFactory,
    VerifiedOrganizationFactory,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class CouncilSessionFactory(factory.django.DjangoModelFactory[CouncilSession]):
    class Meta:
        model = CouncilSession
        django_get_or_create = ["number"]

    number = factory.Sequence(lambda n: 200 + n)
    # A session already held: a Council decision cannot be dated in the future.
    starts_on = datetime.date(2025, 11, 26)
    ends_on = datetime.date(2025, 11, 28)
    place = "Geneva"


def upcoming_session(**kwargs) -> CouncilSession:
    """A session still to come: observers register their delegates for it."""
    today = timezone.localdate()
    kwargs.setdefault("starts_on", today + datetime.timedelta(days=30))
    kwargs.setdefault("ends_on", today + datetime.timedelta(days=32))
    return CouncilSessionFactory(**kwargs)


class InternationalNgoFactory(VerifiedOrganizationFactory):
    """A verified international NGO with ECOSOC special status: meets the automatic criteria."""

    level = Level.GLOBAL
    # Overrides the base factory's LazyAttribute; any declaration may replace any other.
    countries_of_operation = factory.LazyFunction(lambda: ["CH", "KE", "UG"])  # type: ignore[assignment]
    ecosoc_status = EcosocStatus.SPECIAL
    ecosoc_year = 2012


def ecosoc_letter(organization, user=None) -> OrganizationDocument:
    document = OrganizationDocument(
        organization=organization,
        kind=DocumentKind.ECOSOC_LETTER,
        title="ECOSOC letter",
        original_name="ecosoc.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        uploaded_by=user,
    )
    document.file.save("ecosoc.pdf", ContentFile(PDF_BYTES), save=False)
    document.save()
    return document


def applicant(*, language: str = "en", **organization_fields):
    """A verified international NGO (ECOSOC letter, one cooperation record) and its administrator."""
    organization = InternationalNgoFactory(**organization_fields)
    admin = UserFactory(language=language)
    OrganizationMemberFactory(organization=organization, user=admin, role=MemberRole.ADMINISTRATOR)
    ecosoc_letter(organization, admin)
    CooperationRecordFactory(organization=organization)
    return organization, admin


def reviewer(**kwargs):
    user = StaffUserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=OBSERVER_REVIEWER))
    return user


def draft_application(organization, user, *, statements: bool = True):
    application = services.application_start(organization=organization, actor=user)
    if statements:
        for criterion in Criterion:
            services.statement_save(
                application=application,
                criterion=criterion,
                statement=f"Our statement on {criterion.value}.",
                actor=user,
            )
    return application


def application_under_review(organization, user, staff):
    application = draft_application(organization, user)
    services.application_submit(application=application, actor=user)
    services.application_start_review(application=application, actor=staff)
    return application


def assess_all(application, staff, outcome: str = "met"):
    for criterion in Criterion:
        services.assessment_record(
            application=application, criterion=criterion, outcome=outcome, note="", actor=staff
        )
