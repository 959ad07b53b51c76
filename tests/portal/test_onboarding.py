"""The onboarding thread: where sign-in and email confirmation lead, and the dashboard's to-dos."""

import datetime
import re

import pytest
from django.utils import timezone

from consultations.models import Consultation
from iomcso.core.models import OutboxMessage
from observers import services as observer_services
from partners.choices import MemberRole
from tests.consultations.factories import ConsultationFactory, InvitationFactory
from tests.factories import PASSWORD, UserFactory
from tests.observers.factories import applicant, application_under_review, reviewer
from tests.partners.factories import OrganizationMemberFactory, VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "full_name": "Nadia Haddad",
    "email": "nadia@example.org",
    "password1": "a-long-Passphrase-42",
    "password2": "a-long-Passphrase-42",
    "accept_privacy_notice": "on",
}


def confirm_from_email(client, email: str):
    message = OutboxMessage.objects.filter(to=[email]).latest("created_at")
    link = re.search(r"https?://[^/\s]+(/\S+/accounts/confirm-email/\S+)", message.body_text)
    assert link is not None
    return client.post(link.group(1))


def test_a_new_partner_lands_on_register_or_join_after_confirming_the_email(client):
    client.post("/en/accounts/signup/", SIGN_UP)
    response = confirm_from_email(client, SIGN_UP["email"])
    assert response["Location"] == "/en/portal/"
    page = client.get("/en/portal/").content.decode()
    assert "Register your organization or join an existing one" in page


def test_next_is_kept_through_sign_up_and_email_confirmation(client):
    client.post(
        "/en/accounts/signup/?next=/en/observers/apply/",
        {**SIGN_UP, "next": "/en/observers/apply/"},
    )
    response = confirm_from_email(client, SIGN_UP["email"])
    assert response["Location"] == "/en/observers/apply/"


def test_the_login_page_offers_sign_up_with_the_same_next(client):
    page = client.get("/en/accounts/login/?next=/en/observers/apply/").content.decode()
    assert "/en/accounts/signup/?next=%2Fen%2Fobservers%2Fapply%2F" in page


def test_partners_sign_in_to_their_dashboard_and_staff_to_the_admin(client):
    partner = UserFactory()
    response = client.post("/en/accounts/login/", {"login": partner.email, "password": PASSWORD})
    assert response["Location"] == "/en/portal/"
    client.logout()
    staff = UserFactory(is_staff=True)
    response = client.post("/en/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == "/en/admin/"


def test_the_dashboard_lists_an_unanswered_consultation_invitation_with_its_deadline(client):
    organization = VerifiedOrganizationFactory(name="Amani Aid")
    user = UserFactory()
    OrganizationMemberFactory(organization=organization, user=user, role=MemberRole.EDITOR)
    closes = timezone.now() + datetime.timedelta(days=4)
    consultation = ConsultationFactory(
        title="Consultation on climate mobility",
        status=Consultation.Status.REGISTRATION_OPEN,
        registration_closes_at=closes,
    )
    InvitationFactory(consultation=consultation, organization=organization)
    client.force_login(user)
    page = client.get("/en/portal/").content.decode()
    assert "Answer the invitation of Amani Aid to Consultation on climate mobility" in page
    assert "Deadline:" in page
    assert f"/en/consultations/{consultation.slug}/organizations/{organization.pk}/" in page
    assert "todo-urgent" in page  # four days left


def test_the_dashboard_lists_information_requested_by_observer_reviewers(client):
    organization, admin = applicant(name="Migration Rights International")
    staff = reviewer()
    application = application_under_review(organization, admin, staff)
    observer_services.application_request_information(
        application=application, actor=staff, comment="Please send your 2025 annual report."
    )
    client.force_login(admin)
    page = client.get("/en/portal/").content.decode()
    assert "IOM asks for more information on the Observer application" in page
    assert "Please send your 2025 annual report." in page


def test_another_organizations_todos_never_show(client):
    organization, _admin = applicant(name="Someone Else International")
    outsider = UserFactory()
    OrganizationMemberFactory(organization=VerifiedOrganizationFactory(), user=outsider)
    client.force_login(outsider)
    assert "Someone Else International" not in client.get("/en/portal/").content.decode()


def test_the_dashboard_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    user = UserFactory()
    for index in range(6):
        organization = VerifiedOrganizationFactory(name=f"Partner {index}")
        OrganizationMemberFactory(
            organization=organization, user=user, role=MemberRole.ADMINISTRATOR
        )
        InvitationFactory(
            organization=organization,
            consultation=ConsultationFactory(status=Consultation.Status.REGISTRATION_OPEN),
        )
    client.force_login(user)
    with django_assert_max_num_queries(20):
        response = client.get("/en/portal/")
    assert response.content.decode().count("Answer the invitation of") == 6
