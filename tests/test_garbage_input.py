"""Garbage sent to every form of the portal answers with a page, never a server error."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from partners.choices import MemberRole
from tests.consultations.factories import ConsultationFactory, RegistrationFactory
from tests.factories import SuperUserFactory
from tests.observers.factories import CouncilSessionFactory, draft_application
from tests.partners.factories import (
    ContactFactory,
    CooperationRecordFactory,
    OrganizationMemberFactory,
    VerifiedOrganizationFactory,
)

pytestmark = pytest.mark.django_db

GARBAGE = [
    {},
    {"name": "x" * 5000, "email": "not-an-email", "role": "emperor", "decision": "maybe"},
    {"year_founded": "-1", "countries_of_operation": ["ZZ"], "partner_type": "%00", "step": "99"},
    {"start_date": "2026-13-45", "end_date": "yesterday", "kind": "<script>", "level": "[]"},
]


def _names_and_kwargs(namespace):
    resolver = get_resolver()
    patterns = resolver.namespace_dict[namespace][1].url_patterns
    for pattern in patterns:
        assert isinstance(pattern, URLPattern)  # these namespaces include no other URLconf
        yield pattern.name, list(pattern.pattern.converters)


def test_portal_forms_answer_garbage_without_a_server_error(client):
    organization = VerifiedOrganizationFactory()
    administrator = OrganizationMemberFactory(
        organization=organization, role=MemberRole.ADMINISTRATOR
    ).user
    contact = ContactFactory(organization=organization)
    record = CooperationRecordFactory(organization=organization)
    other_member = OrganizationMemberFactory(organization=organization, role=MemberRole.VIEWER)
    consultation = ConsultationFactory()
    registration = RegistrationFactory(consultation=consultation, organization=organization)
    application = draft_application(organization, administrator)
    council_session = CouncilSessionFactory()
    values = {
        "organization_id": organization.pk,
        "contact_id": contact.pk,
        "record_id": record.pk,
        "member_id": other_member.pk,
        "step": 1,
        "token": "nope",
        "invitation_id": 999999,
        "join_request_id": 999999,
        "document_id": 999999,
        "slug": consultation.slug,
        "registration_id": registration.pk,
        "delegate_id": registration.pk,
        "pk": application.pk,
        "session_id": council_session.pk,
        "criterion": "international",
        "kind": "invitation",
    }
    client.raise_request_exception = False
    failures = []
    for user, namespace in [
        (administrator, "portal"),
        (administrator, "consultations"),
        (administrator, "observers"),
        (SuperUserFactory(), "portal"),
        (SuperUserFactory(), "observers"),
    ]:
        client.force_login(user)
        for name, kwarg_names in _names_and_kwargs(namespace):
            if name == "review_action":
                kwarg_names = ["pk", "verb"]
            kwargs = {key: values.get(key, 1) for key in kwarg_names}
            if "verb" in kwargs:
                kwargs["verb"] = "explode"
            if "file_format" in kwargs:
                kwargs["file_format"] = "exe"
            url = reverse(f"{namespace}:{name}", kwargs=kwargs)
            for data in GARBAGE:
                status = client.post(url, data).status_code
                if status >= 500:
                    failures.append((url, data, status))
            if client.get(url, GARBAGE[1]).status_code >= 500:
                failures.append((url, "GET", 500))
    assert not failures, failures
