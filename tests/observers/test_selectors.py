import pytest

from observers.selectors import organization_precheck
from partners.choices import EcosocStatus, Level
from tests.observers.factories import ecosoc_letter
from tests.partners.factories import CooperationRecordFactory, VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db


def _outcomes(organization) -> dict[str, str]:
    return {
        check.criterion: check.outcome for check in organization_precheck(organization=organization)
    }


def test_a_national_organization_in_one_country_without_status_or_cooperation_meets_nothing():
    organization = VerifiedOrganizationFactory(
        level=Level.NATIONAL, countries_of_operation=["KE"], ecosoc_status=EcosocStatus.NONE
    )

    assert _outcomes(organization) == {
        "principal_activity": "unclear",
        "constitution": "unclear",
        "cooperation_history": "not_met",
        "international": "not_met",
        "ecosoc": "not_met",
    }


@pytest.mark.parametrize(
    ("level", "countries", "expected"),
    [
        (Level.REGIONAL, ["KE"], "met"),
        (Level.GLOBAL, ["KE"], "met"),
        (Level.LOCAL, ["KE", "UG"], "met"),
        (Level.NATIONAL, ["KE"], "not_met"),
    ],
)
def test_international_comes_from_the_level_or_more_than_one_country(level, countries, expected):
    organization = VerifiedOrganizationFactory(level=level, countries_of_operation=countries)

    assert _outcomes(organization)["international"] == expected


def test_ecosoc_needs_the_status_and_its_letter_and_cooperation_needs_a_record():
    organization = VerifiedOrganizationFactory(ecosoc_status=EcosocStatus.SPECIAL, ecosoc_year=2010)
    assert _outcomes(organization)["ecosoc"] == "unclear"

    ecosoc_letter(organization)
    CooperationRecordFactory(organization=organization)

    checks = {check.criterion: check for check in organization_precheck(organization=organization)}
    assert checks["ecosoc"].outcome == "met"
    assert "Special (2010)" in checks["ecosoc"].evidence
    assert checks["cooperation_history"].outcome == "met"
    assert checks["principal_activity"].automatic is False
