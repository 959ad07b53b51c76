"""Public pages, the focal point's pages, documents and letters, with their permissions."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import (
    Consultation,
    ConsultationDocument,
    Invitation,
    Registration,
)
from partners.choices import MemberRole
from tests.factories import UserFactory

from .factories import (
    AgendaSessionFactory,
    ConsultationFactory,
    DocumentFactory,
    InvitationFactory,
    RegistrationFactory,
    VerifiedOrganizationFactory,
    focal_point,
)

pytestmark = pytest.mark.django_db


def manage_url(consultation, organization) -> str:
    return reverse(
        "consultations:manage",
        kwargs={"slug": consultation.slug, "organization_id": organization.pk},
    )


def letter_url(registration, kind: str) -> str:
    return reverse(
        "consultations:letter",
        kwargs={
            "slug": registration.consultation.slug,
            "organization_id": registration.organization_id,
            "registration_id": registration.pk,
            "kind": kind,
        },
    )


def test_list_shows_upcoming_and_hides_drafts(client):
    ConsultationFactory(title="Upcoming open consultation")
    ConsultationFactory(title="Secret draft", status=Consultation.Status.DRAFT)
    html = client.get("/en/consultations/").content.decode()
    assert "Upcoming open consultation" in html
    assert "Secret draft" not in html


def test_list_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for index in range(30):
        ConsultationFactory(
            starts_at=timezone.now() - datetime.timedelta(days=400 + index),
            status=Consultation.Status.HELD,
        )
    with django_assert_max_num_queries(6):
        response = client.get("/en/consultations/")
    assert response.status_code == 200


def test_detail_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    consultation = ConsultationFactory()
    for _ in range(10):
        AgendaSessionFactory(consultation=consultation)
        DocumentFactory(consultation=consultation)
    with django_assert_max_num_queries(10):
        response = client.get(consultation.get_absolute_url())
    assert response.status_code == 200


def test_detail_shows_agenda_and_public_documents_but_not_participant_ones(client):
    consultation = ConsultationFactory()
    AgendaSessionFactory(consultation=consultation, title="Panel on protection")
    DocumentFactory(consultation=consultation, title="Concept note")
    DocumentFactory(
        consultation=consultation,
        title="Delegates briefing",
        visibility=ConsultationDocument.Visibility.PARTICIPANTS,
    )
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert "Panel on protection" in html
    assert "Concept note" in html
    assert "Delegates briefing" not in html


def test_a_draft_consultation_is_404_publicly(client):
    consultation = ConsultationFactory(status=Consultation.Status.DRAFT)
    assert client.get(consultation.get_absolute_url()).status_code == 404


def test_the_calendar_file_is_valid_icalendar(client):
    consultation = ConsultationFactory(title="Consultation in the calendar", venue="Geneva")
    response = client.get(reverse("consultations:calendar", kwargs={"slug": consultation.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.content)
    event = calendar.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Consultation in the calendar"
    assert consultation.starts_at is not None
    assert event.decoded("DTSTART") == consultation.starts_at.replace(microsecond=0)
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Zurich"
    assert str(event["LOCATION"]) == "Geneva"


def test_participants_only_documents_are_served_to_participants_and_staff_only(client):
    consultation = ConsultationFactory()
    public = DocumentFactory(consultation=consultation)
    private = DocumentFactory(
        consultation=consultation, visibility=ConsultationDocument.Visibility.PARTICIPANTS
    )
    assert client.get(public.get_absolute_url()).status_code == 200
    assert client.get(private.get_absolute_url()).status_code == 404
    outsider = UserFactory()
    client.force_login(outsider)
    assert client.get(private.get_absolute_url()).status_code == 404
    registration = RegistrationFactory(consultation=consultation)
    member = focal_point(registration.organization, MemberRole.VIEWER)
    client.force_login(member)
    response = client.get(private.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    client.force_login(UserFactory(is_staff=True))
    assert client.get(private.get_absolute_url()).status_code == 200


def test_an_outsider_gets_404_for_another_organizations_pages(client):
    consultation = ConsultationFactory()
    registration = RegistrationFactory(consultation=consultation)
    organization = registration.organization
    invitation = InvitationFactory(consultation=consultation, organization=organization)
    client.force_login(focal_point(VerifiedOrganizationFactory()))
    assert client.get(manage_url(consultation, organization)).status_code == 404
    assert client.post(manage_url(consultation, organization), {}).status_code == 404
    assert client.get(invitation.get_absolute_url()).status_code == 404
    assert client.get(letter_url(registration, "invitation_letter")).status_code == 404
    cancel = reverse(
        "consultations:delegate_cancel",
        kwargs={
            "slug": consultation.slug,
            "organization_id": organization.pk,
            "registration_id": registration.pk,
        },
    )
    assert client.post(cancel).status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_a_viewer_sees_delegates_but_cannot_register(client):
    consultation = ConsultationFactory()
    registration = RegistrationFactory(consultation=consultation, full_name="Visible Person")
    client.force_login(focal_point(registration.organization, MemberRole.VIEWER))
    response = client.get(manage_url(consultation, registration.organization))
    assert response.status_code == 200
    assert "Visible Person" in response.content.decode()
    assert "Register this delegate" not in response.content.decode()
    post = client.post(
        manage_url(consultation, registration.organization),
        {"full_name": "X", "email": "x@example.org", "preferred_language": "en"},
    )
    assert post.status_code == 404


def test_the_invitation_link_marks_it_opened_and_leads_to_registration(client):
    invitation = InvitationFactory()
    client.force_login(focal_point(invitation.organization, MemberRole.EDITOR))
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 302
    assert response.url == manage_url(invitation.consultation, invitation.organization)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.OPENED


def test_a_focal_point_registers_delegates_up_to_capacity_then_waitlists(client):
    consultation = ConsultationFactory(capacity=1, max_delegates_per_organization=2)
    organization = VerifiedOrganizationFactory()
    client.force_login(focal_point(organization, MemberRole.EDITOR))
    url = manage_url(consultation, organization)
    for name in ("Amina Yusuf", "Bruno Costa"):
        response = client.post(
            url,
            {
                "full_name": name,
                "email": f"{name.split()[0].lower()}@example.org",
                "preferred_language": "en",
            },
            follow=True,
        )
        assert response.status_code == 200
    html = response.content.decode()
    assert "All seats are taken: Bruno Costa is on the waiting list." in html
    statuses = dict(consultation.registrations.values_list("full_name", "status"))
    assert statuses == {"Amina Yusuf": "confirmed", "Bruno Costa": "waitlisted"}
    assert "Register this delegate" not in html  # the organization's limit is reached


def test_registration_form_shows_refusals_when_registration_is_closed(client):
    consultation = ConsultationFactory(status=Consultation.Status.REGISTRATION_CLOSED)
    organization = VerifiedOrganizationFactory()
    client.force_login(focal_point(organization))
    response = client.post(
        manage_url(consultation, organization),
        {"full_name": "Late Person", "email": "late@example.org", "preferred_language": "en"},
    )
    assert not consultation.registrations.exists()
    assert response.status_code == 200
    assert "Registration for this consultation is not open." in response.content.decode()


def test_after_the_closing_date_no_form_is_offered_and_a_delegate_can_no_longer_be_edited(
    client,
):
    registration = RegistrationFactory(full_name="Before Close")
    consultation = registration.consultation
    Consultation.objects.filter(pk=consultation.pk).update(
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.force_login(focal_point(registration.organization, MemberRole.EDITOR))
    page = client.get(manage_url(consultation, registration.organization)).content.decode()
    assert "Register this delegate" not in page
    edit_url = reverse(
        "consultations:delegate_edit",
        kwargs={
            "slug": consultation.slug,
            "organization_id": registration.organization_id,
            "registration_id": registration.pk,
        },
    )
    response = client.post(
        edit_url,
        {"full_name": "After Close", "email": registration.email, "preferred_language": "en"},
    )
    assert response.status_code == 200
    assert "This registration can no longer be changed." in response.content.decode()
    registration.refresh_from_db()
    assert registration.full_name == "Before Close"


def test_the_invitation_letter_is_a_pdf_for_the_organization_and_staff(client):
    registration = RegistrationFactory()
    url = letter_url(registration, "invitation_letter")
    client.force_login(focal_point(registration.organization, MemberRole.VIEWER))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert client.get(url).status_code == 200
    client.force_login(UserFactory(is_staff=True))  # staff without the permission
    assert client.get(url).status_code == 404


def test_the_certificate_exists_only_after_attending_a_held_consultation(client):
    registration = RegistrationFactory()
    client.force_login(focal_point(registration.organization))
    url = letter_url(registration, "certificate")
    assert client.get(url).status_code == 404
    Registration.objects.filter(pk=registration.pk).update(attendance="present")
    Consultation.objects.filter(pk=registration.consultation_id).update(status="held")
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_a_waitlisted_delegate_has_no_invitation_letter(client):
    registration = RegistrationFactory(status=Registration.Status.WAITLISTED)
    client.force_login(focal_point(registration.organization))
    assert client.get(letter_url(registration, "invitation_letter")).status_code == 404


def test_cancelling_a_delegate_in_the_portal_promotes_the_waitlist(client):
    consultation = ConsultationFactory(capacity=1)
    seated = RegistrationFactory(consultation=consultation)
    waiting = RegistrationFactory(consultation=consultation, status=Registration.Status.WAITLISTED)
    client.force_login(focal_point(seated.organization, MemberRole.EDITOR))
    response = client.post(
        reverse(
            "consultations:delegate_cancel",
            kwargs={
                "slug": consultation.slug,
                "organization_id": seated.organization_id,
                "registration_id": seated.pk,
            },
        )
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_the_focal_point_can_decline_the_invitation(client):
    invitation = InvitationFactory()
    client.force_login(focal_point(invitation.organization))
    client.post(
        reverse(
            "consultations:invitation_decline",
            kwargs={
                "slug": invitation.consultation.slug,
                "organization_id": invitation.organization_id,
            },
        )
    )
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED


@pytest.mark.parametrize(
    ("status", "role", "offered"),
    [
        (Invitation.Status.SENT, MemberRole.EDITOR, True),
        (Invitation.Status.OPENED, MemberRole.EDITOR, True),
        (Invitation.Status.OPENED, MemberRole.VIEWER, False),
        (Invitation.Status.ACCEPTED, MemberRole.EDITOR, False),
        (Invitation.Status.DECLINED, MemberRole.EDITOR, False),
    ],
)
def test_the_decline_button_is_offered_only_while_the_invitation_awaits_an_answer(
    client, status, role, offered
):
    invitation = InvitationFactory(status=status)
    client.force_login(focal_point(invitation.organization, role))
    page = client.get(manage_url(invitation.consultation, invitation.organization))
    assert ("Decline the invitation" in page.content.decode()) is offered


def test_after_declining_the_page_says_so_instead_of_offering_the_registration_form(client):
    invitation = InvitationFactory(status=Invitation.Status.DECLINED)
    client.force_login(focal_point(invitation.organization))

    response = client.get(manage_url(invitation.consultation, invitation.organization))

    content = response.content.decode()
    assert "Your organization declined this invitation." in content
    assert "Register this delegate" not in content
    assert "reached its limit" not in content


def test_my_organizations_page_lists_invitations_and_delegates_in_bounded_queries(
    client, django_assert_max_num_queries
):
    organization = VerifiedOrganizationFactory(name="Casa del Migrante")
    user = focal_point(organization, MemberRole.VIEWER)
    for _ in range(5):
        invitation = InvitationFactory(organization=organization)
        RegistrationFactory(consultation=invitation.consultation, organization=organization)
    RegistrationFactory(full_name="Someone Else")
    client.force_login(user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("consultations:mine"))
    html = response.content.decode()
    assert html.count("1 confirmed, 0 waitlisted, 0 pending") == 5
    assert "Casa del Migrante" in html


def test_my_organizations_page_needs_a_login(client):
    assert client.get(reverse("consultations:mine")).status_code == 302


def test_action_points_are_visible_to_participants_only(client):
    from consultations.models import ActionPoint

    consultation = ConsultationFactory(status=Consultation.Status.HELD)
    ActionPoint.objects.create(
        consultation=consultation, text="Publish a joint protection guidance", owner="IOM"
    )
    assert (
        "joint protection guidance"
        not in client.get(consultation.get_absolute_url()).content.decode()
    )
    registration = RegistrationFactory(consultation=consultation)
    client.force_login(focal_point(registration.organization, MemberRole.VIEWER))
    assert (
        "joint protection guidance" in client.get(consultation.get_absolute_url()).content.decode()
    )


def test_an_editor_corrects_a_delegates_details_but_an_outsider_cannot(client):
    registration = RegistrationFactory(full_name="Typo Nmae", preferred_language="en")
    url = reverse(
        "consultations:delegate_edit",
        kwargs={
            "slug": registration.consultation.slug,
            "organization_id": registration.organization_id,
            "registration_id": registration.pk,
        },
    )
    data = {"full_name": "Typo Name", "email": registration.email, "preferred_language": "fr"}
    client.force_login(focal_point(VerifiedOrganizationFactory()))
    assert client.post(url, data).status_code == 404
    client.force_login(focal_point(registration.organization, MemberRole.VIEWER))
    assert client.post(url, data).status_code == 404
    client.force_login(focal_point(registration.organization, MemberRole.EDITOR))
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 302
    registration.refresh_from_db()
    assert (registration.full_name, registration.preferred_language) == ("Typo Name", "fr")
    assert registration.status == Registration.Status.CONFIRMED


def test_a_delegate_email_is_registered_once_per_consultation(client):
    consultation = ConsultationFactory()
    registration = RegistrationFactory(consultation=consultation, email="same@example.org")
    client.force_login(focal_point(registration.organization))
    response = client.post(
        manage_url(consultation, registration.organization),
        {"full_name": "Twice", "email": "same@example.org", "preferred_language": "en"},
    )
    assert "already registered for this consultation" in response.content.decode()
    assert consultation.registrations.count() == 1


def test_detail_names_the_languages_of_interpretation(client):
    consultation = ConsultationFactory(interpretation_languages=["en", "ar"])
    assert "English, Arabic" in client.get(consultation.get_absolute_url()).content.decode()
