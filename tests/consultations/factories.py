"""Factories of consultations; organizations come from the registry's factories."""

import datetime

import factory
from django.utils import timezone

from consultations.models import (
    AgendaSession,
    Consultation,
    ConsultationDocument,
    Invitation,
    Registration,
    Series,
)
from partners.choices import MemberRole
from tests.factories import UserFactory
from tests.partners.factories import (  # noqa: F401 - re-exported for the tests
    ContactFactory,
    OrganizationMemberFactory,
    StaffObservationFactory,
    VerifiedOrganizationFactory,
)


def annual_cso_series() -> Series:
    # get_or_create: transactional tests flush the rows the data migration made.
    series, _ = Series.objects.get_or_create(
        code=Series.ANNUAL_CSO, defaults={"name": "Annual CSO Consultation", "is_builtin": True}
    )
    return series


class ConsultationFactory(factory.django.DjangoModelFactory[Consultation]):
    """An upcoming consultation with registration open (set ``status`` to change)."""

    class Meta:
        model = Consultation

    series = factory.LazyFunction(annual_cso_series)
    title = factory.Sequence(lambda n: f"Test Consultation {n}")
    slug = factory.Sequence(lambda n: f"test-consultation-{n}")
    theme = "Partnerships for migrants"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    ends_at = factory.LazyAttribute(
        lambda o: o.starts_at + datetime.timedelta(hours=8) if o.starts_at else None
    )
    venue = "Geneva"
    format = Consultation.Format.IN_PERSON
    registration_opens_at = factory.LazyAttribute(
        lambda o: o.starts_at - datetime.timedelta(days=40) if o.starts_at else None
    )
    registration_closes_at = factory.LazyAttribute(
        lambda o: o.starts_at - datetime.timedelta(days=5) if o.starts_at else None
    )
    capacity = 10
    max_delegates_per_organization = 3
    eligibility = Consultation.Eligibility.VERIFIED
    status = Consultation.Status.REGISTRATION_OPEN


class AgendaSessionFactory(factory.django.DjangoModelFactory[AgendaSession]):
    class Meta:
        model = AgendaSession

    consultation = factory.SubFactory(ConsultationFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyAttribute(lambda o: o.consultation.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    room = "Room A"


class InvitationFactory(factory.django.DjangoModelFactory[Invitation]):
    class Meta:
        model = Invitation

    consultation = factory.SubFactory(ConsultationFactory)
    organization = factory.SubFactory(VerifiedOrganizationFactory)
    status = Invitation.Status.SENT
    sent_at = factory.LazyFunction(timezone.now)


class RegistrationFactory(factory.django.DjangoModelFactory[Registration]):
    class Meta:
        model = Registration

    consultation = factory.SubFactory(ConsultationFactory)
    organization = factory.SubFactory(VerifiedOrganizationFactory)
    full_name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"delegate{n}@example.org")
    position = "Director"
    status = Registration.Status.CONFIRMED


class DocumentFactory(factory.django.DjangoModelFactory[ConsultationDocument]):
    class Meta:
        model = ConsultationDocument

    consultation = factory.SubFactory(ConsultationFactory)
    kind = ConsultationDocument.Kind.CONCEPT_NOTE
    title = factory.Sequence(lambda n: f"Document {n}")
    visibility = ConsultationDocument.Visibility.PUBLIC
    file = factory.django.FileField(filename="note.pdf", data=b"%PDF-1.4 test")
    original_name = "note.pdf"
    content_type = "application/pdf"
    size = 13


def focal_point(organization, role: str = MemberRole.ADMINISTRATOR, **user_fields):
    """A portal user holding ``role`` in ``organization``."""
    user = UserFactory(**user_fields)
    OrganizationMemberFactory(organization=organization, user=user, role=role)
    return user
