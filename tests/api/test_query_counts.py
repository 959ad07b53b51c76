"""Every list endpoint runs a fixed number of queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from consultations.services import DelegateData, registration_create
from tests.api.conftest import bearer_client, make_partner
from tests.consultations.factories import ConsultationFactory, InvitationFactory
from tests.observers.factories import CouncilSessionFactory
from tests.partners.factories import (
    ContactFactory,
    CooperationRecordFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


def _fill(partner, network, rows: int) -> None:
    for index in range(rows):
        OrganizationFactory()
        NetworkMembershipFactory(network=network)
        ContactFactory(organization=partner.organization)
        CooperationRecordFactory(organization=partner.organization)
        consultation = ConsultationFactory(capacity=None)
        InvitationFactory(consultation=consultation, organization=partner.organization)
        registration_create(
            consultation=consultation,
            organization=partner.organization,
            delegate=DelegateData(full_name=f"D {index}", email=f"d{index}@example.org"),
            actor=partner.user,
        )
        CouncilSessionFactory()


def test_list_endpoints_run_the_same_queries_for_two_rows_and_for_twelve(staff_key):
    partner = make_partner()
    network = NetworkFactory()
    consultation = ConsultationFactory(capacity=None, max_delegates_per_organization=20)
    base = f"/api/v1/partner/organizations/{partner.organization.pk}/"
    anonymous_urls = [
        "/api/v1/organizations/",
        "/api/v1/networks/",
        f"/api/v1/networks/{network.slug}/members/",
        "/api/v1/consultations/",
        "/api/v1/observers/",
        "/api/v1/council-sessions/",
    ]
    partner_urls = [
        base + "contacts/",
        base + "cooperation-records/",
        base + "consultation-invitations/",
        f"{base}consultations/{consultation.slug}/delegates/",
    ]
    staff_urls = [
        "/api/v1/staff/organizations/",
        "/api/v1/staff/observer-applications/",
        "/api/v1/staff/eligibility-reports/",
    ]

    def counts() -> list[int]:
        result = []
        for client, urls in [
            (APIClient(), anonymous_urls),
            (partner.client(), partner_urls),
            (bearer_client(staff_key), staff_urls),
        ]:
            for url in urls:
                with CaptureQueriesContext(connection) as captured:
                    assert client.get(url).status_code == 200, url
                result.append(len(captured))
        return result

    _fill(partner, network, 2)
    counts()  # the token's first use writes last_used_at once: not a per-row query
    few = counts()
    _fill(partner, network, 10)
    many = counts()
    assert many == few
    assert max(many) <= 8
