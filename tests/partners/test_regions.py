from django_countries import countries

from partners.choices import Region
from partners.regions import COUNTRY_REGION, region_for_country, regions_for_countries


def test_every_country_django_countries_knows_has_an_iom_region():
    missing = [code for code, _name in countries if code not in COUNTRY_REGION]
    assert missing == []
    assert set(COUNTRY_REGION.values()) == set(Region.values)


def test_regions_follow_iom_regional_offices():
    assert region_for_country("th") == "asia_pacific"
    assert region_for_country("BE") == "eea_eu_nato"
    assert region_for_country("AR") == "south_america"
    assert region_for_country("EG") == "mena"
    assert region_for_country("SN") == "west_central_africa"
    assert region_for_country("KE") == "east_horn_africa"
    assert region_for_country("ZA") == "southern_africa"
    assert region_for_country("CR") == "central_north_america_caribbean"
    assert region_for_country("AT") == "eea_eu_nato"
    assert region_for_country("UA") == "see_eeca"
    assert regions_for_countries(["KE", "UG", "", "BR"]) == ["south_america", "east_horn_africa"]
