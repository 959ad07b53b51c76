"""Delegates through the API: the same capacity, waitlist and per-organization limit as the
registration page, because both call consultations.services.registration_create."""

import pytest
from django.test import Client

from consultations.models import Registration
from tests.api.conftest import make_partner
from tests.consultations.factories import ConsultationFactory
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _register_by_api(partner, consultation, name: str):
    return partner.client().post(
        f"/api/v1/partner/organizations/{partner.organization.pk}/consultations/"
        f"{consultation.slug}/delegates/",
        {"full_name": name, "email": f"{name.lower().replace(' ', '.')}@example.org"},
        format="json",
    )


def _register_by_browser(partner, consultation, name: str):
    browser = Client()
    browser.login(email=partner.user.email, password=PASSWORD)
    return browser.post(
        f"/en/consultations/{consultation.slug}/organizations/{partner.organization.pk}/",
        {
            "full_name": name,
            "email": f"{name.lower().replace(' ', '.')}@example.org",
            "preferred_language": "en",
        },
    )


def _statuses(consultation) -> list[tuple[str, str]]:
    return list(
        Registration.objects.filter(consultation=consultation)
        .order_by("created_at", "pk")
        .values_list("organization__name", "status")
    )


def test_the_api_fills_seats_then_the_waitlist_and_stops_at_the_limit_like_the_page():
    first, second = make_partner(name="First Org"), make_partner(name="Second Org")
    by_api = ConsultationFactory(capacity=3, max_delegates_per_organization=2)
    by_browser = ConsultationFactory(capacity=3, max_delegates_per_organization=2)

    answers = [
        _register_by_api(first, by_api, "Ana One").status_code,
        _register_by_api(first, by_api, "Ana Two").status_code,
        _register_by_api(second, by_api, "Ben One").status_code,
        _register_by_api(second, by_api, "Ben Two").json()["status"],
    ]
    over_limit = _register_by_api(first, by_api, "Ana Three")
    for partner, name in [
        (first, "Ana One"),
        (first, "Ana Two"),
        (second, "Ben One"),
        (second, "Ben Two"),
        (first, "Ana Three"),
    ]:
        _register_by_browser(partner, by_browser, name)

    assert answers == [201, 201, 201, "waitlisted"]
    assert over_limit.status_code == 400
    assert over_limit["Content-Type"] == "application/problem+json"
    assert over_limit.json()["errors"]["non_field_errors"] == [
        "Your organization has reached its limit of 2 delegates."
    ]
    assert (
        _statuses(by_api)
        == _statuses(by_browser)
        == [
            ("First Org", "confirmed"),
            ("First Org", "confirmed"),
            ("Second Org", "confirmed"),
            ("Second Org", "waitlisted"),
        ]
    )


def test_cancelling_a_delegate_by_api_gives_the_seat_to_the_first_waitlisted():
    first, second = make_partner(), make_partner()
    consultation = ConsultationFactory(capacity=1, max_delegates_per_organization=2)
    seated = _register_by_api(first, consultation, "Seated One").json()
    waiting = _register_by_api(second, consultation, "Waiting One").json()
    assert waiting["status"] == "waitlisted"
    base = f"/api/v1/partner/organizations/{first.organization.pk}/delegates/{seated['id']}/"
    response = first.client().post(base + "cancel/")
    assert response.json()["status"] == "cancelled"
    assert Registration.objects.get(pk=waiting["id"]).status == "confirmed"
    assert first.client().post(base + "cancel/").status_code == 409


def test_a_closed_registration_is_refused_with_the_pages_message():
    partner = make_partner()
    consultation = ConsultationFactory(status="registration_closed")
    response = _register_by_api(partner, consultation, "Too Late")
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"] == [
        "Registration for this consultation is not open."
    ]


def test_declining_an_invitation_by_api_is_final():
    from tests.consultations.factories import InvitationFactory

    partner = make_partner()
    consultation = ConsultationFactory(eligibility="invited")
    InvitationFactory(consultation=consultation, organization=partner.organization)
    url = (
        f"/api/v1/partner/organizations/{partner.organization.pk}/consultations/"
        f"{consultation.slug}/decline/"
    )
    assert partner.client().post(url).json()["status"] == "declined"
    assert partner.client().post(url).status_code == 409
    invitations = partner.client().get(
        f"/api/v1/partner/organizations/{partner.organization.pk}/consultation-invitations/"
    )
    assert [row["status"] for row in invitations.json()["results"]] == ["declined"]
