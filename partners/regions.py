"""Every ISO 3166-1 country mapped to one of IOM's nine regional offices.

Territories follow the office that covers the region they lie in; uninhabited
territories (Antarctica, Bouvet Island...) go to the nearest office so every code
django-countries knows has a region (a test checks it).
"""

import functools
from collections.abc import Iterable

from django.utils import translation
from django_countries import countries

from .choices import Region

_REGION_COUNTRIES: dict[str, str] = {
    # Bangkok
    Region.ASIA_PACIFIC: (
        "AF AS AU BD BN BT CC CK CN CX FJ FM GU HK HM ID IN IO IR JP KH KI KP KR LA LK MH "
        "MM MN MO MP MV MY NC NF NP NR NU NZ PF PG PH PK PN PW SB SG TH TK TL TO TV TW UM "
        "VN VU WF WS"
    ),
    # Brussels
    Region.EEA_EU_NATO: (
        "AD AT AX BE BG CH CY CZ DE DK EE ES FI FO FR GB GG GI GL GR HR HU IE IM IS IT JE "
        "LI LT LU LV MC MT NL NO PL PT RO SE SI SJ SK SM VA"
    ),
    # Buenos Aires
    Region.SOUTH_AMERICA: "AQ AR BO BR CL CO EC FK GF GS GY PE PY SR UY VE",
    # Cairo
    Region.MENA: "AE BH DZ EG EH IL IQ JO KW LB LY MA OM PS QA SA SD SY TN YE",
    # Dakar
    Region.WEST_CENTRAL_AFRICA: (
        "BF BJ CF CG CI CM CV GA GH GM GN GQ GW LR ML MR NE NG SH SL SN ST TD TG"
    ),
    # Nairobi
    Region.EAST_HORN_AFRICA: "BI DJ ER ET KE RW SO SS TZ UG",
    # Pretoria
    Region.SOUTHERN_AFRICA: "AO BV BW CD KM LS MG MU MW MZ NA RE SC SZ TF YT ZA ZM ZW",
    # San José
    Region.CENTRAL_NORTH_AMERICA_CARIBBEAN: (
        "AG AI AW BB BL BM BQ BS BZ CA CR CU CW DM DO GD GP GT HN HT JM KN KY LC MF MQ "
        "MS MX NI PA PM PR SV SX TC TT US VC VG VI"
    ),
    # Vienna
    Region.SEE_EECA: "AL AM AZ BA BY GE KG KZ MD ME MK RS RU TJ TM TR UA UZ XK",
}

COUNTRY_REGION: dict[str, str] = {
    code: str(region) for region, codes in _REGION_COUNTRIES.items() for code in codes.split()
}


def region_for_country(code: str) -> str | None:
    return COUNTRY_REGION.get((code or "").upper())


def regions_for_countries(codes: Iterable[str]) -> list[str]:
    """The distinct IOM regions of the given countries, in the order of ``Region``."""
    found = {region_for_country(code) for code in codes if code}
    return [region.value for region in Region if region.value in found]


@functools.cache
def _country_names(language: str) -> dict[str, str]:

    with translation.override(language):
        return {code: str(name) for code, name in countries}


def country_name(code: str) -> str:
    """The country's name in the active language (django-countries' ``Country.name`` builds
    its whole translated list on every call, which adds up over a list of rows)."""
    code = str(code or "").upper()
    return _country_names(translation.get_language() or "en").get(code, code)


def country_choices() -> list[tuple[str, str]]:
    """(code, name) of every country, sorted by name in the active language."""
    return list(_country_names(translation.get_language() or "en").items())
