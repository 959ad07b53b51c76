import pytest
from django.core.management import call_command

from partners.generate import generate_organizations
from partners.models import Contact, NetworkMembership, Organization
from partners.text import name_key

pytestmark = pytest.mark.django_db


def snapshot():
    return list(
        Organization.objects.order_by("slug").values_list(
            "slug", "name", "partner_type", "headquarters_country", "regions", "verification_status"
        )
    )


def test_generation_is_deterministic_and_fills_derived_fields():
    result = generate_organizations(count=300, seed=7)
    assert result.organizations == 300
    assert Contact.objects.count() == 900
    assert NetworkMembership.objects.exists()
    first = snapshot()
    organization = Organization.objects.exclude(regions=[]).first()
    assert organization is not None
    assert organization.search_vector is not None
    assert organization.name_key == name_key(organization.name)
    Organization.objects.all().delete()
    generate_organizations(count=300, seed=7)
    assert snapshot() == first


def test_command_generates_once_per_seed(capsys):
    call_command("generate_organizations", "--count", "50", "--seed", "3")
    call_command("generate_organizations", "--count", "50", "--seed", "3")
    assert Organization.objects.count() == 50
    assert "already generated" in capsys.readouterr().out
