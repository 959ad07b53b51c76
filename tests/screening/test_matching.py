import pytest

from partners.screening import hooks, services
from partners.screening.models import NameField, PossibleMatch
from tests.factories import UserFactory
from tests.partners.factories import ContactFactory, OrganizationFactory, OrganizationMemberFactory

pytestmark = pytest.mark.django_db


def _matches_for(organization) -> list[PossibleMatch]:
    services.organization_screen(organization_id=organization.pk)
    return list(PossibleMatch.objects.filter(organization=organization).select_related("entry"))


@pytest.mark.parametrize(
    ("variant", "name"),
    [
        ("transliteration", "Al-Rasheed Trust"),
        ("diacritics", "Al-Rashîd Trüst"),
        ("word order", "Trust Rashid Al"),
        ("punctuation", "AL.RASHID, TRUST!"),
        ("legal suffix", "Al Rashid Foundation e.V."),
    ],
)
def test_the_listed_entity_is_matched_under_a_spelling_variant(list_version, variant, name):
    organization = OrganizationFactory(name=name)

    matches = _matches_for(organization)

    assert [match.entry.reference_number for match in matches] == ["QDe.905"], variant
    match = matches[0]
    assert match.score >= 0.6
    assert match.status == PossibleMatch.Status.OPEN
    assert match.matched_fields[0]["subject_field"] == NameField.ORGANIZATION_NAME
    assert match.matched_fields[0]["entry_value"] == "AL-RASHID TRUST"


def test_an_organization_registered_in_arabic_script_is_matched_on_the_original_script_name(
    list_version,
):
    organization = OrganizationFactory(name="مؤسسة الرشيد")

    matches = _matches_for(organization)

    assert [match.entry.reference_number for match in matches] == ["QDe.905"]
    assert matches[0].matched_fields[0]["entry_field"] == NameField.ORIGINAL_SCRIPT


@pytest.mark.parametrize(
    "name",
    [
        "Islamic Relief Worldwide",
        "Rashidieh Youth Development Trust",
        "Green Future Trading Cooperative",
        "Trust for Migrant Workers",
    ],
)
def test_an_unrelated_organization_with_a_common_word_is_not_matched(list_version, name):
    organization = OrganizationFactory(name=name)

    assert _matches_for(organization) == []


def test_an_acronym_and_a_former_name_are_screened_too(list_version):
    organization = OrganizationFactory(name="Karachi Relief Ulema Network", acronym="")
    organization.name = "Al Rashid Trust"
    organization.save()  # the history keeps the earlier name
    organization.name = "Neutral Name Aid"
    organization.save()

    matches = _matches_for(organization)

    assert [match.entry.reference_number for match in matches] == ["QDe.905"]
    assert matches[0].matched_fields[0]["subject_field"] == NameField.FORMER_NAME


def test_contacts_and_team_members_are_screened_against_individuals(list_version):
    organization = OrganizationFactory(name="Harbour Welcome Centre")
    ContactFactory(organization=organization, name="Mohamed Yousuf Alfarsi")
    OrganizationMemberFactory(
        organization=organization, user=UserFactory(full_name="Ivan P. Sidorov")
    )
    ContactFactory(organization=organization, name="Maria Fernández")

    matches = _matches_for(organization)

    found = {
        (match.entry.reference_number, bool(match.contact_id), bool(match.member_id))
        for match in matches
    }
    assert found == {("QDi.901", True, False), ("KPi.902", False, True)}


def test_people_are_not_screened_against_entities_nor_organizations_against_individuals(
    list_version,
):
    organization = OrganizationFactory(name="Ivan Petrovich Sidorov")
    ContactFactory(organization=organization, name="Al-Rashid Trust")

    assert _matches_for(organization) == []


def test_screening_twice_raises_each_match_once(list_version):
    organization = OrganizationFactory(name="Al-Rasheed Trust")

    services.organization_screen(organization_id=organization.pk)
    services.organization_screen(organization_id=organization.pk)

    assert PossibleMatch.objects.filter(organization=organization).count() == 1


def test_without_any_list_imported_screening_raises_nothing(db):
    organization = OrganizationFactory(name="Al-Rasheed Trust")

    assert services.organization_screen(organization_id=organization.pk) == []


def test_a_merge_keeps_the_confirmed_match_and_the_duplicates_name_as_a_former_name(
    list_version, django_capture_on_commit_callbacks, monkeypatch
):
    from partners import services as partner_services
    from tests.factories import StaffUserFactory

    keep = OrganizationFactory(name="Karachi Ulema Relief")
    duplicate = OrganizationFactory(name="Al Rasheed Trust")
    services.organization_screen(organization_id=duplicate.pk)
    match = PossibleMatch.objects.get(organization=duplicate)
    services.possible_match_confirm(actor=StaffUserFactory(), possible_match=match, reason="Same.")
    queued = []
    monkeypatch.setattr(hooks, "enqueue", lambda name, **kwargs: queued.append((name, kwargs)))

    with django_capture_on_commit_callbacks(execute=True):
        partner_services.organization_merge(actor=None, keep=keep, duplicate=duplicate)

    assert queued == [("screen_organization_task", {"organization_id": keep.pk})]
    match.refresh_from_db()
    assert (match.organization_id, match.status) == (keep.pk, PossibleMatch.Status.CONFIRMED)
    services.organization_screen(organization_id=keep.pk)
    fields = set(keep.screened_names.values_list("field", "value"))
    assert (NameField.FORMER_NAME, "Al Rasheed Trust") in fields
    assert (NameField.ORGANIZATION_NAME, "Karachi Ulema Relief") in fields
