"""Schemathesis against /api/v1/schema/: every operation, anonymous, with a partner token
and with a staff token; no 5xx, and every response (status, content type, body) as the
schema documents it."""

import pytest
import schemathesis
from django.contrib.auth.models import Group
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from consultations.services import DelegateData, registration_create
from iomcso.core.roles import OBSERVER_REVIEWER, PARTNERSHIPS_OFFICER, READ_ONLY_VIEWER
from iomcso.wsgi import application
from observers.models import EligibilityReport
from partners.models import ApiToken
from tests.api.conftest import make_partner, make_token
from tests.consultations.factories import ConsultationFactory
from tests.factories import StaffUserFactory
from tests.observers.factories import CouncilSessionFactory
from tests.partners.factories import (
    ContactFactory,
    CooperationRecordFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganizationFactory,
)

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def _connections_kept_open():
    """As Django's test client does: the WSGI app must not close the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, _connections_kept_open):
    partner = make_partner()
    network = NetworkFactory()
    NetworkMembershipFactory(network=network, member=partner.organization)
    consultation = ConsultationFactory()
    registration = registration_create(
        consultation=consultation,
        organization=partner.organization,
        delegate=DelegateData(full_name="Schema Delegate", email="schema@example.org"),
        actor=partner.user,
    )
    staff = StaffUserFactory()
    for role in (READ_ONLY_VIEWER, PARTNERSHIPS_OFFICER, OBSERVER_REVIEWER):
        staff.groups.add(Group.objects.get(name=role))
    _staff_token, staff_key = make_token(staff, None, ApiToken.Scope.READ)
    CouncilSessionFactory()
    report = EligibilityReport.objects.create(kind="applications", requested_by=staff)
    OrganizationFactory()
    return {
        "keys": {"partner": partner.key, "staff": staff_key},
        "ids": {
            "organization_id": partner.organization.pk,
            "contact_id": ContactFactory(organization=partner.organization).pk,
            "record_id": CooperationRecordFactory(organization=partner.organization).pk,
            "registration_id": registration.pk,
            "report_id": report.pk,
        },
        "organization_slug": network.slug,
        "consultation_slug": consultation.slug,
    }


@schema.parametrize()
@settings(
    max_examples=2,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_answers_as_the_schema_says(case, world):
    for who in ("anonymous", "partner", "staff"):
        headers = {}
        if who != "anonymous":
            headers["Authorization"] = f"Bearer {world['keys'][who]}"
            # Real ids and slugs too, so the tokens reach objects and not only 404s.
            parameters = case.path_parameters or {}
            for name, value in world["ids"].items():
                if name in parameters:
                    parameters[name] = value
            if "slug" in parameters:
                parameters["slug"] = (
                    world["consultation_slug"]
                    if "consultations" in case.path
                    else world["organization_slug"]
                )
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)


def test_the_schema_lists_every_endpoint_family():
    paths = set(schema.raw_schema["paths"])
    for expected in (
        "/api/v1/organizations/",
        "/api/v1/consultations/{slug}/",
        "/api/v1/observers/",
        "/api/v1/council-sessions/",
        "/api/v1/partner/organizations/{organization_id}/contacts/",
        "/api/v1/partner/organizations/{organization_id}/consultations/{slug}/delegates/",
        "/api/v1/staff/organizations/",
        "/api/v1/staff/observer-applications/",
        "/api/v1/staff/eligibility-reports/",
    ):
        assert expected in paths
