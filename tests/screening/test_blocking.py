"""A confirmed match blocks verification, consultation registration and observer application."""

import pytest
from django.core.exceptions import ValidationError

from consultations import services as consultation_services
from consultations.services import DelegateData, RegistrationRefused
from observers import services as observer_services
from partners import services as partner_services
from partners.screening import services
from partners.screening.guards import ScreeningBlocked
from partners.screening.models import PossibleMatch
from tests.consultations.factories import ConsultationFactory
from tests.factories import StaffUserFactory
from tests.observers.factories import applicant
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _confirm(organization) -> PossibleMatch:
    services.organization_screen(organization_id=organization.pk)
    match = PossibleMatch.objects.get(organization=organization)
    return services.possible_match_confirm(
        actor=StaffUserFactory(), possible_match=match, reason="Same trustees and address."
    )


def test_a_confirmed_match_blocks_verification(list_version):
    organization = OrganizationFactory(name="Al Rasheed Trust")
    _confirm(organization)

    with pytest.raises(ScreeningBlocked, match="Consolidated List"):
        partner_services.organization_verify(actor=StaffUserFactory(), organization=organization)

    organization.refresh_from_db()
    assert organization.verification_status == "pending"


def test_an_open_or_dismissed_match_does_not_block_verification(list_version):
    organization = OrganizationFactory(name="Al Rasheed Trust")
    services.organization_screen(organization_id=organization.pk)

    partner_services.organization_verify(actor=StaffUserFactory(), organization=organization)

    organization.refresh_from_db()
    assert organization.verification_status == "verified"


def test_a_confirmed_match_blocks_consultation_registration_without_telling_why(list_version):
    organization = OrganizationFactory(name="Al Rasheed Trust", verified=True)
    _confirm(organization)
    consultation = ConsultationFactory(capacity=None)

    with pytest.raises(RegistrationRefused) as refused:
        consultation_services.registration_create(
            consultation=consultation,
            organization=organization,
            delegate=DelegateData(full_name="Ana Lopez", email="ana@example.org"),
            actor=None,
        )

    assert "sanction" not in str(refused.value).lower()
    assert "Consolidated" not in str(refused.value)


def test_a_confirmed_match_blocks_an_observer_application(list_version):
    organization, admin = applicant(name="Al-Rashid Trust International")
    _confirm(organization)

    with pytest.raises(ValidationError) as refused:
        observer_services.application_start(organization=organization, actor=admin)

    assert "sanction" not in str(refused.value).lower()
