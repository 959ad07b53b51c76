"""Editing a profile: identity changes of a verified profile wait for staff review."""

from django.urls import reverse

from iomcso.core.models import OutboxMessage
from partners.choices import VerificationStatus
from partners.models import Organization
from partners.portal import services
from partners.portal.forms import OrganizationProfileForm


def _form_data(organization, **changes):
    form = OrganizationProfileForm(instance=organization)
    data: dict[str, str | list[str]] = {}
    for name in form.fields:
        value = form.initial.get(name)
        if isinstance(value, list):
            data[name] = [str(item) for item in value]
        elif value is None:
            data[name] = ""
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    data.update(changes)
    return data


def test_identity_change_on_a_verified_profile_waits_and_the_directory_keeps_the_verified_name(
    client, team, staff_user
):
    organization = team.organization
    old_name = organization.name
    client.force_login(team.editor)
    response = client.post(
        reverse("portal:organization_edit", kwargs={"organization_id": organization.pk}),
        _form_data(organization, name="New Name Foundation", description="Now also in Chad."),
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name == old_name
    assert organization.description == "Now also in Chad."
    assert organization.pending_identity_changes == {"name": "New Name Foundation"}

    public = client.get(organization.get_absolute_url()).content.decode()
    assert old_name in public
    assert "New Name Foundation" not in public
    portal = client.get(response["Location"]).content.decode()
    assert "Changes awaiting IOM review" in portal
    assert "New Name Foundation" in portal
    assert OutboxMessage.objects.filter(
        to=[staff_user.email], subject__icontains="identity"
    ).exists()


def test_staff_approval_publishes_the_identity_change_and_it_is_in_the_history(
    client, team, staff_user
):
    organization = team.organization
    services.organization_submit_profile_changes(
        organization=organization,
        actor=team.editor,
        data={"name": "New Name Foundation", "headquarters_country": "FR"},
    )
    client.force_login(staff_user)
    listing = client.get(reverse("portal:staff_identity_changes")).content.decode()
    assert "New Name Foundation" in listing
    client.post(
        reverse("portal:staff_identity_change_decide", kwargs={"organization_id": organization.pk}),
        {"decision": "approve"},
    )
    organization.refresh_from_db()
    assert organization.name == "New Name Foundation"
    assert str(organization.headquarters_country) == "FR"
    assert organization.pending_identity_changes == {}
    assert organization.verification_status == VerificationStatus.VERIFIED
    assert "New Name Foundation" in client.get(organization.get_absolute_url()).content.decode()
    history_users = set(organization.history.values_list("history_user", flat=True))
    assert {team.editor.pk, staff_user.pk} <= history_users


def test_staff_can_decline_identity_changes_with_a_reason(client, team, staff_user):
    organization = team.organization
    old_name = organization.name
    services.organization_submit_profile_changes(
        organization=organization, actor=team.editor, data={"name": "Other"}
    )
    client.force_login(staff_user)
    client.post(
        reverse("portal:staff_identity_change_decide", kwargs={"organization_id": organization.pk}),
        {"decision": "decline", "reason": "Send the new registration certificate."},
    )
    organization.refresh_from_db()
    assert organization.name == old_name
    assert organization.pending_identity_changes == {}
    assert OutboxMessage.objects.filter(
        to=[team.administrator.email], body_text__contains="Send the new registration certificate."
    ).exists()


def test_pending_profile_changes_are_saved_at_once(team):
    from tests.partners.factories import OrganizationFactory

    organization = OrganizationFactory()
    held = services.organization_submit_profile_changes(
        organization=organization, actor=team.editor, data={"name": "Renamed Before Review"}
    )
    organization.refresh_from_db()
    assert held == {}
    assert organization.name == "Renamed Before Review"


def test_reverting_an_identity_field_to_its_verified_value_clears_the_pending_change(team):
    organization = team.organization
    services.organization_submit_profile_changes(
        organization=organization, actor=team.editor, data={"name": "Temporary"}
    )
    services.organization_submit_profile_changes(
        organization=organization, actor=team.editor, data={"name": organization.name}
    )
    assert Organization.objects.get(pk=organization.pk).pending_identity_changes == {}


def test_user_provided_text_is_escaped(client, team):
    organization = team.organization
    services.organization_submit_profile_changes(
        organization=organization,
        actor=team.editor,
        data={"description": "<script>alert(1)</script>"},
    )
    client.force_login(team.viewer)
    page = client.get(
        reverse("portal:organization_detail", kwargs={"organization_id": organization.pk})
    ).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_confirming_the_profile_records_the_date(client, team):
    client.force_login(team.editor)
    client.post(
        reverse("portal:organization_confirm", kwargs={"organization_id": team.organization.pk})
    )
    team.organization.refresh_from_db()
    assert team.organization.profile_confirmed_at is not None


def test_editor_adds_a_contact_and_a_cooperation_record(client, team):
    organization = team.organization
    client.force_login(team.editor)
    response = client.post(
        reverse("portal:contact_add", kwargs={"organization_id": organization.pk}),
        {
            "name": "Ana Pérez",
            "position": "Director",
            "email": "ana@example.org",
            "languages": ["es"],
        },
    )
    assert response.status_code == 302
    assert organization.contacts.get().languages == ["es"]
    response = client.post(
        reverse("portal:cooperation_add", kwargs={"organization_id": organization.pk}),
        {
            "kind": "training",
            "title": "Counter-trafficking training",
            "start_date": "2024-03-01",
            "end_date": "2023-01-01",
        },
    )
    assert response.status_code == 200
    assert "The end date cannot be before the start date." in response.content.decode()
    response = client.post(
        reverse("portal:cooperation_add", kwargs={"organization_id": organization.pk}),
        {"kind": "training", "title": "Counter-trafficking training", "start_date": "2024-03-01"},
    )
    assert response.status_code == 302
    assert organization.cooperation_records.get().title == "Counter-trafficking training"


def test_a_bad_phone_number_is_reported_together_with_the_other_mistakes(client, team):
    organization = team.organization
    client.force_login(team.editor)
    response = client.post(
        reverse("portal:contact_add", kwargs={"organization_id": organization.pk}),
        {"name": "Ana Pérez", "email": "ana@", "phone": "call me"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["email"] == ["Enter a valid email address."]
    assert form.errors["phone"] == ["Enter a phone number such as +41 22 717 91 11."]
    assert not organization.contacts.exists()

    profile_form = OrganizationProfileForm(
        _form_data(organization, public_phone="call me", website="not a website")
    )
    assert not profile_form.is_valid()
    assert set(profile_form.errors) == {"public_phone", "website"}


def test_staff_review_page_requires_two_factor_when_staff_must_use_it(client, staff_user, settings):
    settings.REQUIRE_STAFF_TWO_FACTOR = True
    client.force_login(staff_user)
    response = client.get(reverse("portal:staff_identity_changes"))
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]
