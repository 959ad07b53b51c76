"""Demo data of the partner registry, loaded by ``manage.py load_demo_data``.

A realistic spread: every partner type, level and IOM region; networks with members;
pending, rejected and suspended organizations; contacts, cooperation history, a possible
duplicate and a serious concern for staff to find. Idempotent: an organization that already
exists (same name and country) is left as it is.
"""

from __future__ import annotations

import datetime

from .choices import VerificationStatus
from .models import Contact, CooperationRecord, NetworkMembership, Organization, StaffObservation
from .services import (
    observation_add,
    organization_create,
    organization_reject,
    organization_suspend,
    organization_verify,
)
from .text import name_key

# name, acronym, type, level, HQ, countries of operation, activities, settings, status, network
DEMO_ORGANIZATIONS = [
    ("Caritas Internationalis", "CI", "ngo", "global", "VA", ["KE", "BR", "LB", "PH"], ["migrant_assistance", "advocacy"], ["humanitarian", "development"], "verified", True),
    ("International Catholic Migration Commission", "ICMC", "ngo", "global", "CH", ["TR", "JO", "MY"], ["migrant_assistance", "training"], ["humanitarian"], "verified", False),
    ("Migrant Forum in Asia", "MFA", "cso", "regional", "PH", ["PH", "ID", "NP", "BD"], ["advocacy", "research"], ["development"], "verified", True),
    ("Red Africaine des Migrations", "RAM", "cso", "regional", "SN", ["SN", "ML", "CI", "NE"], ["advocacy", "awareness_raising"], ["development"], "verified", True),
    ("Plataforma Sudamericana de Movilidad Humana", "PSMH", "advocacy", "regional", "AR", ["AR", "CL", "PE", "CO"], ["advocacy"], ["development"], "verified", True),
    ("Cáritas Española", "", "ngo", "national", "ES", ["ES"], ["migrant_assistance", "service_delivery"], ["humanitarian"], "verified", False),
    ("Asociación de Migrantes Venezolanos en Colombia", "AMVC", "migrant_org", "national", "CO", ["CO"], ["migrant_assistance"], ["humanitarian", "early_recovery"], "verified", False),
    ("Diaspora Development Forum Kenya", "DDFK", "migrant_org", "national", "KE", ["KE"], ["awareness_raising"], ["development"], "verified", False),
    ("Nairobi Legal Aid Clinic for Refugees", "", "ngo", "local", "KE", ["KE"], ["migrant_assistance"], ["humanitarian"], "verified", False),
    ("Southern Africa Migrant Workers Union", "SAMWU", "union", "regional", "ZA", ["ZA", "ZW", "MZ", "LS"], ["advocacy", "training"], ["development"], "verified", False),
    ("Cairo Institute for Migration Studies", "CIMS", "academic", "national", "EG", ["EG"], ["research"], ["development"], "verified", False),
    ("Mobility Media Collective", "MMC", "media", "global", "GB", ["GB", "FR", "DE"], ["awareness_raising"], ["development"], "verified", False),
    ("Fondation pour la Mobilité Humaine", "FMH", "foundation", "global", "FR", ["FR", "SN", "HT"], ["research", "training"], ["development", "early_recovery"], "verified", False),
    ("Central Asia Labour Migration Network", "CALMN", "cso", "regional", "KZ", ["KZ", "KG", "TJ", "UZ"], ["advocacy", "migrant_assistance"], ["development"], "verified", True),
    ("Caribbean Disaster Displacement Alliance", "CDDA", "ngo", "regional", "JM", ["JM", "HT", "DO"], ["migrant_assistance"], ["humanitarian", "early_recovery"], "verified", False),
    ("Centro de Atención al Migrante de Tapachula", "", "ngo", "local", "MX", ["MX"], ["migrant_assistance", "service_delivery"], ["humanitarian"], "verified", False),
    ("Balkan Route Solidarity", "BRS", "advocacy", "regional", "RS", ["RS", "BA", "MK"], ["advocacy", "migrant_assistance"], ["humanitarian"], "verified", False),
    ("Bangkok Migrant Health Association", "BMHA", "cso", "local", "TH", ["TH"], ["service_delivery"], ["humanitarian"], "verified", False),
    ("Horn of Africa Returnees Initiative", "HARI", "ngo", "national", "ET", ["ET", "SO"], ["migrant_assistance", "training"], ["early_recovery"], "verified", False),
    ("Women on the Move Morocco", "", "cso", "local", "MA", ["MA"], ["awareness_raising", "migrant_assistance"], ["development"], "verified", False),
    ("Pacific Climate Mobility Research Centre", "PCMRC", "academic", "regional", "FJ", ["FJ", "TV", "KI"], ["research"], ["development"], "pending", False),
    ("Kyiv Displaced Persons Support", "", "ngo", "national", "UA", ["UA"], ["migrant_assistance"], ["humanitarian"], "pending", False),
    ("Dakar Youth Migration Media Lab", "", "media", "local", "SN", ["SN"], ["awareness_raising"], ["development"], "pending", False),
    ("Internationl Catholic Migration Comission", "", "ngo", "global", "BE", ["BE"], ["migrant_assistance"], ["humanitarian"], "pending", False),
    ("Quick Visa Consultants Ltd", "", "cso", "local", "NG", ["NG"], ["service_delivery"], ["development"], "rejected", False),
    ("Harbour Seafarers Welfare Trust", "HSWT", "union", "national", "PA", ["PA"], ["migrant_assistance"], ["humanitarian"], "suspended", False),
]  # fmt: skip

# network name -> member names
DEMO_NETWORKS = {
    "Caritas Internationalis": ["Cáritas Española", "Nairobi Legal Aid Clinic for Refugees"],
    "Migrant Forum in Asia": ["Bangkok Migrant Health Association"],
    "Red Africaine des Migrations": [
        "Women on the Move Morocco",
        "Diaspora Development Forum Kenya",
    ],
    "Plataforma Sudamericana de Movilidad Humana": [
        "Asociación de Migrantes Venezolanos en Colombia"
    ],
    "Central Asia Labour Migration Network": ["Balkan Route Solidarity"],
}

DEMO_COOPERATION = {
    "Caritas Internationalis": [
        ("gfmd", "GFMD Civil Society Days, Geneva", 2011),
        ("iasc_cluster", "Shelter cluster coordination", 2016),
    ],
    "International Catholic Migration Commission": [
        ("global_process", "Guidelines to Protect Migrants in Countries Experiencing Conflict or Natural Disaster", 2016),
        ("project_implementation", "Resettlement support programme", 2019),
    ],
    "Migrant Forum in Asia": [("joint_advocacy", "Labour migration advocacy in Asia", 2014)],
    "Asociación de Migrantes Venezolanos en Colombia": [
        ("project_implementation", "Integration assistance in Bogotá", 2020)
    ],
    "Horn of Africa Returnees Initiative": [("training", "Reintegration counselling training", 2022)],
}  # fmt: skip


def _existing(name: str, country: str) -> Organization | None:
    return Organization.objects.filter(
        name_key=name_key(name), headquarters_country=country
    ).first()


def load_demo_data() -> str:
    created = 0
    by_name: dict[str, Organization] = {}
    for index, row in enumerate(DEMO_ORGANIZATIONS):
        name, acronym, kind, level, country, countries, activities, settings_, status, net = row
        organization = _existing(name, country)
        if organization is None:
            organization = organization_create(
                actor=None,
                name=name,
                acronym=acronym,
                partner_type=kind,
                level=level,
                headquarters_country=country,
                countries_of_operation=countries,
                activities=activities,
                operating_settings=settings_,
                is_network=net,
                description=(
                    f"{name} works with migrants and communities on "
                    f"{', '.join(a.replace('_', ' ') for a in activities)}."
                ),
                website=f"https://demo-partner-{index}.example.org",
                public_email=f"info@demo-partner-{index}.example.org",
                year_founded=1950 + (index * 3) % 70,
                ecosoc_status="special" if level == "global" else "none",
            )
            if status in (VerificationStatus.VERIFIED, VerificationStatus.SUSPENDED):
                organization_verify(actor=None, organization=organization)
            if status == VerificationStatus.SUSPENDED:
                organization_suspend(
                    actor=None, organization=organization, reason="Registration documents expired."
                )
            if status == VerificationStatus.REJECTED:
                organization_reject(
                    actor=None,
                    organization=organization,
                    reason="A commercial visa agency, not a civil society organization.",
                )
            Contact.objects.create(
                organization=organization,
                name=f"Focal point of {acronym or name}",
                position="Partnerships coordinator",
                email=f"focal.point@demo-partner-{index}.example.org",
                languages=["en", "fr"] if country in ("SN", "FR", "BE") else ["en", "es"],
                is_primary=True,
            )
            for kind_code, title, year in DEMO_COOPERATION.get(name, []):
                CooperationRecord.objects.create(
                    organization=organization,
                    kind=kind_code,
                    iom_office="IOM Headquarters" if level == "global" else f"IOM {country}",
                    title=title,
                    start_date=datetime.date(year, 1, 1),
                    end_date=datetime.date(year, 12, 31),
                )
            created += 1
        by_name[name] = organization
    for network_name, members in DEMO_NETWORKS.items():
        for member_name in members:
            NetworkMembership.objects.get_or_create(
                network=by_name[network_name],
                member=by_name[member_name],
                defaults={"since": datetime.date(2015, 1, 1), "role": "Member"},
            )
    suspended = by_name["Harbour Seafarers Welfare Trust"]
    if not StaffObservation.objects.filter(organization=suspended).exists():
        observation_add(
            actor=None,
            organization=suspended,
            severity="serious",
            text="Reports of recruitment fees charged to seafarers; check before any invitation.",
        )
    return f"{created} organizations created ({len(DEMO_ORGANIZATIONS)} in the demo registry)"
