from typing import Any

import pytest
from django.core.exceptions import ValidationError

from iomcso.core.models import OutboxMessage
from partners import services
from partners.models import (
    Contact,
    CooperationRecord,
    NetworkMembership,
    Organization,
    OrganizationDocument,
    OrganizationMember,
    PossibleDuplicate,
    StaffObservation,
)
from tests.factories import StaffUserFactory, UserFactory

from .factories import (
    ContactFactory,
    CooperationRecordFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganizationFactory,
    OrganizationMemberFactory,
    VerifiedOrganizationFactory,
)

pytestmark = pytest.mark.django_db


def create(**overrides):
    data: dict[str, Any] = {
        "actor": StaffUserFactory(),
        "name": "Cáritas Internationalis",
        "partner_type": "ngo",
        "level": "global",
        "headquarters_country": "VA",
        "countries_of_operation": ["ke", "BR", "KE"],
        "website": "https://www.caritas.org/en/",
    }
    data.update(overrides)
    return services.organization_create(**data)


def test_create_derives_slug_name_key_regions_and_domain_and_is_pending():
    organization = create()
    assert organization.slug == "caritas-internationalis"
    assert organization.name_key == "caritas internationalis"
    assert organization.countries_of_operation == ["BR", "KE"]
    assert organization.regions == ["eea_eu_nato", "south_america", "east_horn_africa"]
    assert organization.website_domain == "caritas.org"
    assert organization.verification_status == "pending"
    assert organization.history.first().history_user is not None


def test_same_name_in_same_country_ignoring_case_and_accents_is_refused():
    create()
    with pytest.raises(ValidationError, match="already registered in this country"):
        create(name="CARITAS  internationalis")
    assert Organization.objects.count() == 1


def test_same_name_in_another_country_gets_its_own_slug():
    create()
    other = create(headquarters_country="FR", website="")
    assert other.slug == "caritas-internationalis-2"


def test_unknown_fields_are_refused():
    with pytest.raises(TypeError):
        create(verification_status="verified")


def test_update_rederives_regions_and_records_who_changed_it():
    organization = create()
    editor = StaffUserFactory()
    services.organization_update(
        actor=editor, organization=organization, countries_of_operation=["SN"]
    )
    organization.refresh_from_db()
    assert organization.regions == ["eea_eu_nato", "west_central_africa"]
    assert organization.history.first().history_user == editor


def test_verify_records_who_when_and_shows_in_history_and_emails_administrators():
    organization = OrganizationFactory()
    OrganizationMemberFactory(organization=organization, user=UserFactory(language="fr"))
    staff = StaffUserFactory()
    services.organization_verify(actor=staff, organization=organization)
    organization.refresh_from_db()
    assert organization.verification_status == "verified"
    assert organization.status_changed_by == staff
    assert organization.verified_at is not None
    latest = organization.history.first()
    assert latest.history_user == staff
    assert latest.verification_status == "verified"
    message = OutboxMessage.objects.get()
    assert message.language == "fr"
    assert organization.name in message.subject


def test_reject_requires_a_reason_and_keeps_it():
    organization = OrganizationFactory()
    staff = StaffUserFactory()
    with pytest.raises(ValidationError):
        services.organization_reject(actor=staff, organization=organization, reason="  ")
    services.organization_reject(
        actor=staff, organization=organization, reason="No legal registration."
    )
    organization.refresh_from_db()
    assert organization.verification_status == "rejected"
    assert organization.status_reason == "No legal registration."
    assert organization.history.first().history_change_reason == "Reject: No legal registration."


def test_suspend_and_reinstate_round_trip():
    organization = VerifiedOrganizationFactory()
    staff = StaffUserFactory()
    services.organization_suspend(actor=staff, organization=organization, reason="Inquiry")
    assert organization.verification_status == "suspended"
    services.organization_reinstate(actor=staff, organization=organization)
    organization.refresh_from_db()
    assert organization.verification_status == "verified"
    statuses = list(organization.history.values_list("verification_status", flat=True))
    assert statuses[:3] == ["verified", "suspended", "verified"]


@pytest.mark.parametrize(
    ("status", "transition"),
    [
        ("pending", services.organization_suspend),
        ("pending", services.organization_reinstate),
        ("verified", services.organization_verify),
        ("rejected", services.organization_verify),
        ("suspended", services.organization_suspend),
    ],
)
def test_invalid_transitions_raise_and_change_nothing(status, transition):
    organization = OrganizationFactory(verification_status=status)
    with pytest.raises(services.InvalidTransition):
        transition(actor=StaffUserFactory(), organization=organization, reason="x")
    organization.refresh_from_db()
    assert organization.verification_status == status


def test_duplicate_check_flags_misspelt_name():
    existing = OrganizationFactory(
        name="International Catholic Migration Commission", website="https://icmc.net"
    )
    new = create(
        name="Internationl Catholic Migration Comission",
        headquarters_country="CH",
        website="",
    )
    flagged = PossibleDuplicate.objects.get(organization=new)
    assert flagged.similar_to == existing
    assert flagged.similarity >= services.DUPLICATE_SIMILARITY_THRESHOLD


def test_duplicate_check_flags_same_website_domain_but_not_unrelated_names():
    existing = OrganizationFactory(name="Red Cross Society", website="https://www.redcross.example")
    OrganizationFactory(name="Something Else Entirely")
    new = create(name="RC Society of X", website="http://redcross.example/about")
    assert list(
        PossibleDuplicate.objects.filter(organization=new).values_list("similar_to", flat=True)
    ) == [existing.pk]


def test_merge_moves_everything_to_the_kept_organization_in_one_go(caplog):
    staff = StaffUserFactory()
    keep = VerifiedOrganizationFactory(description="")
    duplicate = OrganizationFactory(description="Legal aid.", countries_of_operation=["SN"])
    network = NetworkFactory()
    NetworkMembershipFactory(network=network, member=duplicate)
    ContactFactory(organization=duplicate)
    CooperationRecordFactory(organization=duplicate)
    shared_user = UserFactory()
    OrganizationMemberFactory(organization=keep, user=shared_user)
    OrganizationMemberFactory(organization=duplicate, user=shared_user)  # clashes: dropped
    OrganizationMemberFactory(organization=duplicate)
    OrganizationDocument.objects.create(
        organization=duplicate,
        kind="statutes",
        file="x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=10,
    )
    services.observation_add(
        actor=staff, organization=duplicate, severity="concern", text="Check funding."
    )
    PossibleDuplicate.objects.create(organization=duplicate, similar_to=keep, reason="test")

    duplicate_pk = duplicate.pk

    with caplog.at_level("INFO", logger="partners.services"):
        services.organization_merge(actor=staff, keep=keep, duplicate=duplicate)

    assert not Organization.objects.filter(pk=duplicate_pk).exists()
    assert f"organization {duplicate_pk} merged into {keep.pk}" in caplog.text
    assert Contact.objects.get().organization == keep
    assert CooperationRecord.objects.get().organization == keep
    assert NetworkMembership.objects.get().member == keep
    assert OrganizationMember.objects.filter(organization=keep).count() == 2
    assert OrganizationDocument.objects.get().organization == keep
    assert StaffObservation.objects.get().organization == keep
    assert not PossibleDuplicate.objects.exists()
    keep.refresh_from_db()
    assert keep.description == "Legal aid."
    assert "west_central_africa" in keep.regions
    assert keep.history.first().history_user == staff


def test_merge_moves_rows_of_other_apps_generically():
    """Any model with a foreign key to Organization moves: later apps need no change here."""
    relation_models = {
        relation.field.model._meta.label for relation in services._organization_relations()
    }
    assert "partners.Contact" in relation_models
    assert not any(label.split(".")[1].startswith("Historical") for label in relation_models)


def test_merge_handlers_run_and_a_failure_rolls_everything_back():
    keep, duplicate = OrganizationFactory(), OrganizationFactory()
    ContactFactory(organization=duplicate)

    def refuse(*, keep, duplicate, actor):
        raise RuntimeError("refused")

    services.register_merge_handler(refuse)
    try:
        with pytest.raises(RuntimeError):
            services.organization_merge(actor=StaffUserFactory(), keep=keep, duplicate=duplicate)
    finally:
        services._merge_handlers.remove(refuse)
    assert Contact.objects.get().organization == duplicate


def test_observation_is_resolved_once_and_keeps_its_history():
    staff = StaffUserFactory()
    observation = services.observation_add(
        actor=staff, organization=OrganizationFactory(), severity="serious", text="Fraud alert"
    )
    services.observation_resolve(actor=staff, observation=observation)
    with pytest.raises(services.InvalidTransition):
        services.observation_resolve(actor=staff, observation=observation)
    assert observation.history.count() == 2
    assert observation.resolved_by == staff
