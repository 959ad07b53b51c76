"""Partner tokens: the own organization only, the portal's rules, the portal's services."""

import pytest
from django.core import mail

from partners.choices import MemberRole, VerificationStatus
from partners.models import ApiToken, Contact, CooperationRecord
from tests.api.conftest import bearer_client, make_partner, make_token
from tests.partners.factories import ContactFactory, CooperationRecordFactory

pytestmark = pytest.mark.django_db


def _base(partner) -> str:
    return f"/api/v1/partner/organizations/{partner.organization.pk}/"


def test_a_partner_token_reads_its_own_organization_with_its_review_state(partner):
    response = partner.client().get(_base(partner))
    assert response.status_code == 200
    assert response.json()["verification_status"] == VerificationStatus.VERIFIED
    assert response["ETag"]


def test_identity_changes_through_the_api_wait_for_staff_review_as_on_the_portal(partner):
    old_name = partner.organization.name
    response = partner.client().patch(
        _base(partner),
        {"name": "A New Name", "description": "Now also in Chad."},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == old_name  # the directory keeps the verified name
    assert body["description"] == "Now also in Chad."
    assert body["identity_changes_awaiting_review"] == {"name": "A New Name"}
    partner.organization.refresh_from_db()
    assert partner.organization.pending_identity_changes == {"name": "A New Name"}


def test_a_later_edit_of_another_field_keeps_the_identity_change_awaiting_review(partner):
    client = partner.client()
    client.patch(_base(partner), {"name": "A New Name"}, format="json")
    client.patch(_base(partner), {"description": "We run legal clinics."}, format="json")
    partner.organization.refresh_from_db()
    assert partner.organization.pending_identity_changes == {"name": "A New Name"}
    assert partner.organization.description == "We run legal clinics."


def test_the_profile_is_refused_with_the_portal_forms_messages(partner):
    response = partner.client().patch(
        _base(partner), {"ecosoc_status": "general", "ecosoc_year": None}, format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"]["ecosoc_year"] == [
        "Give the year the ECOSOC status was granted."
    ]


def test_a_read_only_token_cannot_write(db):
    reader = make_partner(scope=ApiToken.Scope.READ)
    response = reader.client().patch(_base(reader), {"acronym": "X"}, format="json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_a_viewer_loses_write_access_even_with_an_old_read_write_token(partner):
    partner.organization.members.filter(user=partner.user).update(role=MemberRole.VIEWER)
    client = partner.client()
    assert client.get(_base(partner)).status_code == 200
    assert client.patch(_base(partner), {"acronym": "X"}, format="json").status_code == 404


def test_a_token_stops_working_when_its_user_leaves_the_organization(partner):
    partner.organization.members.filter(user=partner.user).delete()
    assert partner.client().get(_base(partner)).status_code == 404


def test_contacts_are_created_changed_and_deleted_through_the_portal_services(partner):
    client = partner.client()
    created = client.post(
        _base(partner) + "contacts/",
        {"name": "Amina Diallo", "email": "amina@example.org", "languages": ["fr"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    contact_id = created.json()["id"]
    url = f"{_base(partner)}contacts/{contact_id}/"
    assert client.patch(url, {"position": "Director"}, format="json").json()["position"] == (
        "Director"
    )
    assert Contact.objects.get(pk=contact_id).history.count() == 2
    listed = client.get(_base(partner) + "contacts/").json()["results"]
    assert [row["name"] for row in listed] == ["Amina Diallo"]
    assert client.delete(url).status_code == 204
    assert not Contact.objects.filter(pk=contact_id).exists()


def test_a_bad_phone_number_is_refused_as_on_the_portal(partner):
    response = partner.client().post(
        _base(partner) + "contacts/", {"name": "X", "phone": "call me maybe"}, format="json"
    )
    assert response.status_code == 400
    assert "phone" in response.json()["errors"]


def test_cooperation_records_keep_their_end_after_their_start(partner):
    response = partner.client().post(
        _base(partner) + "cooperation-records/",
        {
            "kind": "project_implementation",
            "title": "Shelter",
            "start_date": "2024-05-01",
            "end_date": "2023-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["end_date"] == [
        "The end date cannot be before the start date."
    ]


def test_an_unknown_revoked_or_expired_token_is_401(partner):
    assert bearer_client("iomcso_nope_nope").get("/api/v1/token/").status_code == 401
    partner.token.revoked_at = partner.token.created_at
    partner.token.save()
    response = partner.client().get(_base(partner))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_token_is_stored_hashed_and_its_last_use_recorded(partner):
    token = ApiToken.objects.get(pk=partner.token.pk)
    assert partner.key not in (token.key_hash, token.prefix)
    assert partner.key.startswith(token.prefix)
    assert token.last_used_at is None
    partner.client().get("/api/v1/token/")
    token.refresh_from_db()
    assert token.last_used_at is not None


# --- another organization's token: never a 2xx ----------------------------------------


def _object_endpoints(victim, registration_id: int, consultation_slug: str):
    base = f"/api/v1/partner/organizations/{victim.organization.pk}/"
    contact = ContactFactory(organization=victim.organization)
    record = CooperationRecordFactory(organization=victim.organization)
    contact_body = {"name": "Intruder"}
    return [
        ("get", base, None),
        ("patch", base, {"acronym": "PWNED"}),
        ("get", base + "contacts/", None),
        ("post", base + "contacts/", contact_body),
        ("get", f"{base}contacts/{contact.pk}/", None),
        ("patch", f"{base}contacts/{contact.pk}/", contact_body),
        ("delete", f"{base}contacts/{contact.pk}/", None),
        ("get", base + "cooperation-records/", None),
        ("post", base + "cooperation-records/", {"kind": "other", "title": "X"}),
        ("get", f"{base}cooperation-records/{record.pk}/", None),
        ("patch", f"{base}cooperation-records/{record.pk}/", {"title": "X"}),
        ("delete", f"{base}cooperation-records/{record.pk}/", None),
        ("get", base + "consultation-invitations/", None),
        ("post", f"{base}consultations/{consultation_slug}/decline/", None),
        ("get", f"{base}consultations/{consultation_slug}/delegates/", None),
        (
            "post",
            f"{base}consultations/{consultation_slug}/delegates/",
            {"full_name": "X", "email": "x@example.org"},
        ),
        ("get", f"{base}delegates/{registration_id}/", None),
        ("patch", f"{base}delegates/{registration_id}/", {"position": "X"}),
        ("post", f"{base}delegates/{registration_id}/cancel/", None),
        # The own organization in the URL, another organization's object id:
    ]


def test_no_object_endpoint_answers_2xx_to_another_organizations_token(partner, other_partner):
    from consultations.services import DelegateData, registration_create
    from tests.consultations.factories import ConsultationFactory, InvitationFactory

    consultation = ConsultationFactory()
    InvitationFactory(consultation=consultation, organization=partner.organization)
    registration = registration_create(
        consultation=consultation,
        organization=partner.organization,
        delegate=DelegateData(full_name="Delegate", email="delegate@example.org"),
        actor=partner.user,
    )
    endpoints = _object_endpoints(partner, registration.pk, consultation.slug)
    own = f"/api/v1/partner/organizations/{other_partner.organization.pk}/"
    victim_contact = Contact.objects.filter(organization=partner.organization).first()
    victim_record = CooperationRecord.objects.filter(organization=partner.organization).first()
    assert victim_contact
    assert victim_record
    endpoints += [
        ("get", f"{own}contacts/{victim_contact.pk}/", None),
        ("patch", f"{own}contacts/{victim_contact.pk}/", {"name": "X"}),
        ("delete", f"{own}contacts/{victim_contact.pk}/", None),
        ("get", f"{own}cooperation-records/{victim_record.pk}/", None),
        ("patch", f"{own}cooperation-records/{victim_record.pk}/", {"title": "X"}),
        ("delete", f"{own}cooperation-records/{victim_record.pk}/", None),
        ("get", f"{own}delegates/{registration.pk}/", None),
        ("patch", f"{own}delegates/{registration.pk}/", {"position": "X"}),
        ("post", f"{own}delegates/{registration.pk}/cancel/", None),
    ]
    attacker = other_partner.client()
    answers = {
        (method, url): getattr(attacker, method)(url, body, format="json").status_code
        for method, url, body in endpoints
    }
    assert {key: code for key, code in answers.items() if code < 300} == {}
    assert set(answers.values()) == {404}
    partner.organization.refresh_from_db()
    assert partner.organization.acronym != "PWNED"
    registration.refresh_from_db()
    assert registration.status != "cancelled"
    assert Contact.objects.filter(organization=partner.organization).count() == 1
    assert len(mail.outbox) >= 0


def test_a_staff_token_is_refused_on_partner_endpoints_and_a_partner_token_on_staff_ones(
    partner, staff_key
):
    assert bearer_client(staff_key).get(_base(partner)).status_code == 403
    assert partner.client().get("/api/v1/staff/organizations/").status_code == 403


def test_a_staff_token_lists_pending_organizations_per_its_group_permissions(partner, staff_key):
    from tests.partners.factories import OrganizationFactory

    pending = OrganizationFactory(name="Waiting Org")
    response = bearer_client(staff_key).get(
        "/api/v1/staff/organizations/?verification_status=pending"
    )
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == [pending.name]
    detail = bearer_client(staff_key).get(f"/api/v1/staff/organizations/{pending.pk}/")
    assert detail.json()["verification_status"] == "pending"


def test_a_staff_user_without_a_role_gets_403(db):
    from tests.factories import StaffUserFactory

    user = StaffUserFactory()
    _token, key = make_token(user, None, ApiToken.Scope.READ)
    assert bearer_client(key).get("/api/v1/staff/organizations/").status_code == 403
