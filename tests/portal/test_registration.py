"""Registering an organization in steps, draft saving, verification round-trip."""

from typing import Any

import pytest
from django.urls import reverse

from iomcso.core.models import OutboxMessage
from partners import services as registry
from partners.choices import MemberRole, VerificationStatus
from partners.models import Organization, OrganizationMember, RegistrationDraft
from tests.factories import UserFactory

STEP_DATA: dict[int, dict[str, Any]] = {
    1: {
        "name": "Red de Apoyo a Migrantes",
        "acronym": "RAM",
        "partner_type": "cso",
        "headquarters_country": "MX",
        "legal_registration_number": "AC-2011-445",
        "legal_registration_country": "MX",
        "year_founded": "2011",
    },
    2: {
        "level": "national",
        "countries_of_operation": ["MX", "GT"],
        "activities": ["migrant_assistance", "advocacy"],
        "operating_settings": ["humanitarian"],
        "ecosoc_status": "none",
    },
    3: {
        "description": "Legal aid and shelter for migrants in transit.",
        "website": "https://ram.example.org",
        "public_email": "contacto@ram.example.org",
    },
}


@pytest.fixture
def officer(db):
    from django.contrib.auth.models import Group

    from iomcso.core.roles import PARTNERSHIPS_OFFICER

    user = UserFactory(is_staff=True, email="officer@iom.int", language="fr")
    group, _ = Group.objects.get_or_create(name=PARTNERSHIPS_OFFICER)
    user.groups.add(group)
    return user


def _step(client, number, extra=None, action="continue"):
    data = {**STEP_DATA.get(number, {}), action: "1", **(extra or {})}
    return client.post(reverse("portal:registration_step", kwargs={"step": number}), data)


def test_registration_over_the_steps_creates_a_pending_organization_administered_by_the_user(
    client, db, officer
):
    user = UserFactory()
    client.force_login(user)
    for number in (1, 2, 3):
        response = _step(client, number)
        assert response.status_code == 302
        assert response["Location"].endswith(f"/step/{number + 1}/")
    review = client.get(reverse("portal:registration_step", kwargs={"step": 4}))
    assert "Red de Apoyo a Migrantes" in review.content.decode()

    response = client.post(reverse("portal:registration_step", kwargs={"step": 4}))

    organization = Organization.objects.get(name="Red de Apoyo a Migrantes")
    assert response["Location"] == reverse("portal:dashboard")
    assert organization.verification_status == VerificationStatus.PENDING
    assert organization.countries_of_operation == ["GT", "MX"]
    assert OrganizationMember.objects.get(organization=organization).user == user
    assert (
        OrganizationMember.objects.get(organization=organization).role == MemberRole.ADMINISTRATOR
    )
    assert not RegistrationDraft.objects.filter(user=user).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Pending verification" in page


def test_staff_partnership_officers_are_emailed_in_their_language_about_a_new_registration(
    client, db, officer
):
    client.force_login(UserFactory())
    for number in (1, 2, 3):
        _step(client, number)
    client.post(reverse("portal:registration_step", kwargs={"step": 4}))
    message = OutboxMessage.objects.get(to=[officer.email])
    assert message.language == "fr"
    assert "Red de Apoyo a Migrantes" in message.subject
    assert "/fr/admin/partners/organization/" in message.body_text


def test_leaving_in_the_middle_keeps_the_answers_and_the_step(client, db):
    user = UserFactory()
    client.force_login(user)
    _step(client, 1)
    # Half of step 2, then "save draft": nothing typed is lost even though it is incomplete.
    response = _step(
        client, 2, extra={"level": "", "countries_of_operation": ["GT"]}, action="save_draft"
    )
    assert response["Location"] == reverse("portal:dashboard")

    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "Continue your registration" in dashboard
    resume = client.get(reverse("portal:registration_start"))
    assert resume["Location"].endswith("/step/2/")
    page = client.get(resume["Location"]).content.decode()
    assert 'value="GT" selected' in page
    step_one = client.get(reverse("portal:registration_step", kwargs={"step": 1})).content.decode()
    assert 'value="Red de Apoyo a Migrantes"' in step_one


def test_a_step_with_errors_does_not_advance(client, db):
    client.force_login(UserFactory())
    response = _step(client, 1, extra={"name": "", "year_founded": "1200"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "This field is required." in body
    assert "There is a problem" in body


def test_registering_a_name_already_registered_in_the_country_is_refused_with_a_message(client, db):
    from tests.partners.factories import OrganizationFactory

    OrganizationFactory(name="Red de Apoyo a Migrantes", headquarters_country="MX")
    client.force_login(UserFactory())
    for number in (1, 2, 3):
        _step(client, number)
    response = client.post(reverse("portal:registration_step", kwargs={"step": 4}))
    assert response.status_code == 200
    assert "already registered in this country" in response.content.decode()
    assert Organization.objects.filter(name="Red de Apoyo a Migrantes").count() == 1


def test_rejected_registration_shows_the_reason_and_can_be_corrected_and_resubmitted(
    client, db, officer
):
    from tests.partners.factories import OrganizationFactory, OrganizationMemberFactory

    organization = OrganizationFactory()
    user = OrganizationMemberFactory(organization=organization).user
    registry.organization_reject(
        actor=officer, organization=organization, reason="Upload your registration certificate."
    )
    client.force_login(user)
    url = reverse("portal:organization_detail", kwargs={"organization_id": organization.pk})
    page = client.get(url).content.decode()
    assert "Upload your registration certificate." in page
    assert "Resubmit for verification" in page

    OutboxMessage.objects.all().delete()
    response = client.post(
        reverse("portal:organization_resubmit", kwargs={"organization_id": organization.pk})
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.verification_status == VerificationStatus.PENDING
    resubmitted = OutboxMessage.objects.get(
        to=[officer.email], template="partners/portal/staff_registration_submitted"
    )
    assert organization.name in resubmitted.subject
    assert resubmitted.language == "fr"
    assert organization.history.filter(verification_status=VerificationStatus.REJECTED).exists()


def test_resubmitting_a_pending_registration_is_refused(client, db):
    from tests.partners.factories import OrganizationFactory, OrganizationMemberFactory

    organization = OrganizationFactory()
    user = OrganizationMemberFactory(organization=organization).user
    client.force_login(user)
    response = client.post(
        reverse("portal:organization_resubmit", kwargs={"organization_id": organization.pk}),
        follow=True,
    )
    assert "Only a rejected registration can be resubmitted." in response.content.decode()


def test_join_request_is_sent_to_administrators_and_approval_adds_the_member(client, db):
    from tests.partners.factories import OrganizationMemberFactory, VerifiedOrganizationFactory

    organization = VerifiedOrganizationFactory(name="Caritas Migrantes")
    administrator = OrganizationMemberFactory(organization=organization).user
    requester = UserFactory()
    client.force_login(requester)
    search = client.get(reverse("portal:join_request_create"), {"q": "caritas"})
    assert "Caritas Migrantes" in search.content.decode()
    client.post(
        reverse("portal:join_request_create") + "?q=caritas",
        {"organization": organization.pk, "message": "I run the Tijuana office."},
    )
    assert OutboxMessage.objects.filter(to=[administrator.email]).exists()
    join_request = organization.join_requests.get()

    client.force_login(administrator)
    client.post(
        reverse(
            "portal:join_request_decide",
            kwargs={"organization_id": organization.pk, "join_request_id": join_request.pk},
        ),
        {"decision": "approve", "role": "editor"},
    )
    assert (
        OrganizationMember.objects.get(organization=organization, user=requester).role == "editor"
    )
    assert OutboxMessage.objects.filter(to=[requester.email]).exists()


def test_declined_join_request_adds_nobody(client, db):
    from tests.partners.factories import OrganizationMemberFactory, VerifiedOrganizationFactory

    organization = VerifiedOrganizationFactory()
    administrator = OrganizationMemberFactory(organization=organization).user
    requester = UserFactory()
    from partners.portal.services import join_request_create

    join_request = join_request_create(organization=organization, actor=requester)
    client.force_login(administrator)
    client.post(
        reverse(
            "portal:join_request_decide",
            kwargs={"organization_id": organization.pk, "join_request_id": join_request.pk},
        ),
        {"decision": "decline"},
    )
    join_request.refresh_from_db()
    assert join_request.status == "declined"
    assert not OrganizationMember.objects.filter(user=requester).exists()


@pytest.mark.parametrize(
    "status",
    [VerificationStatus.PENDING, VerificationStatus.SUSPENDED, VerificationStatus.REJECTED],
)
def test_join_search_lists_verified_organizations_only(client, db, status):
    from partners.models import JoinRequest
    from tests.partners.factories import OrganizationFactory, VerifiedOrganizationFactory

    VerifiedOrganizationFactory(name="Caritas Verified")
    hidden = OrganizationFactory(name="Caritas Hidden", verification_status=status)
    client.force_login(UserFactory())

    search = client.get(reverse("portal:join_request_create"), {"q": "caritas"})
    client.post(
        reverse("portal:join_request_create") + "?q=caritas",
        {"organization": hidden.pk, "message": "Let me in."},
    )

    page = search.content.decode()
    assert "Caritas Verified" in page
    assert "Caritas Hidden" not in page
    assert not JoinRequest.objects.filter(organization=hidden).exists()
