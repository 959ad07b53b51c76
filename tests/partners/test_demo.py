import pytest

from partners.choices import Level, PartnerType, Region
from partners.demo import load_demo_data
from partners.models import Contact, NetworkMembership, Organization, PossibleDuplicate

pytestmark = pytest.mark.django_db


def test_demo_data_covers_every_type_level_and_region_and_is_idempotent():
    load_demo_data()
    counts = (
        Organization.objects.count(),
        Contact.objects.count(),
        NetworkMembership.objects.count(),
    )
    assert set(Organization.objects.values_list("partner_type", flat=True)) == set(
        PartnerType.values
    )
    assert set(Organization.objects.values_list("level", flat=True)) == set(Level.values)
    regions = {
        region for row in Organization.objects.values_list("regions", flat=True) for region in row
    }
    assert regions == set(Region.values)
    assert Organization.objects.pending().exists()
    assert Organization.objects.filter(is_network=True, member_links__isnull=False).exists()
    assert PossibleDuplicate.objects.filter(
        organization__name="Internationl Catholic Migration Comission"
    ).exists()

    summary = load_demo_data()
    assert (
        Organization.objects.count(),
        Contact.objects.count(),
        NetworkMembership.objects.count(),
    ) == counts
    assert summary.startswith("0 organizations created")


def test_demo_profiles_are_written_in_several_languages_and_found_in_each(client):
    load_demo_data()
    languages = set(Organization.objects.values_list("profile_language", flat=True))
    assert {"en", "fr", "es"} <= languages
    translated = {
        code
        for translations in Organization.objects.values_list("profile_translations", flat=True)
        for code in translations
    }
    assert translated == {"en", "fr", "es", "ar", "zh-hans", "ru"}
    # The Red Africaine des Migrations writes in French: English readers get its translation.
    page = client.get("/en/partners/?q=campaigns").content.decode()
    assert "Red Africaine des Migrations" in page
    page = client.get("/ar/partners/?q=الهجرة").content.decode()
    assert "Cairo Institute for Migration Studies" in page
