"""Demo data of the partner registry, loaded by ``manage.py load_demo_data``.

A realistic spread: every partner type, level and IOM region; networks with members;
pending, rejected and suspended organizations; contacts, cooperation history, a possible
duplicate and a serious concern for staff to find. Idempotent: an organization that already
exists (same name and country) is left as it is.
"""

from __future__ import annotations

import datetime
import hashlib
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from .choices import VerificationStatus
from .models import Contact, CooperationRecord, NetworkMembership, Organization, StaffObservation
from .services import (
    observation_add,
    organization_create,
    organization_logo_set,
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
    # Members fit the network's region (no Balkan group in a Central Asian network).
    "Central Asia Labour Migration Network": [],
}

# What each type of organization does, in two wordings each, so descriptions vary.
TYPE_SENTENCES = {
    "ngo": [
        "{name} runs shelters, legal aid desks and family tracing for people on the move{where}.",
        "Founded in {year}, {name} provides emergency assistance and case management to migrants and displaced families{where}.",
    ],
    "cso": [
        "{name} brings together community groups that accompany migrants from arrival to integration{where}.",
        "A civil society platform since {year}, {name} links local associations working on labour migration and protection{where}.",
    ],
    "advocacy": [
        "{name} campaigns for safe and regular pathways and monitors border practices{where}.",
        "{name} documents rights violations against migrants and brings them to national and regional policy makers{where}.",
    ],
    "migrant_org": [
        "Led by migrants themselves, {name} offers peer support, orientation and a voice in local decisions{where}.",
        "{name} connects the diaspora with home communities through skills transfer and remittance education{where}.",
    ],
    "union": [
        "{name} organizes migrant workers, negotiates fair recruitment and defends workers in labour disputes{where}.",
        "{name} represents its members in migration-related labour policy and trains shop stewards{where}.",
    ],
    "media": [
        "{name} trains journalists to report on migration accurately and produces multilingual public information{where}.",
        "{name} counters misinformation on migration with fact-checked stories and community radio{where}.",
    ],
    "academic": [
        "{name} conducts research on mobility, remittances and integration and publishes open data{where}.",
        "Since {year}, {name} has studied climate-related displacement and advised governments on planned relocation{where}.",
    ],
    "foundation": [
        "{name} funds community-led projects for migrants and host communities{where}.",
        "{name} supports research and small grants on the protection of migrants in vulnerable situations{where}.",
    ],
}
LEVEL_PHRASES = {
    "global": " in more than forty countries",
    "regional": " across the region",
    "national": " throughout the country",
    "local": " in its city and the surrounding districts",
}

# Profiles written in another language than English, or given in several languages:
# name -> (language of the profile, description, mission statement, translations).
DEMO_PROFILES = {
    "Caritas Internationalis": (
        "en",
        "Caritas Internationalis runs shelters, legal aid desks and family tracing for people on the move in more than forty countries.",
        "That every person on the move is treated with dignity, wherever they are.",
        {
            "fr": {
                "description": "Caritas Internationalis gère des centres d'hébergement, des permanences juridiques et des services de recherche familiale pour les personnes en déplacement dans plus de quarante pays.",
                "mission_statement": "Que chaque personne en déplacement soit traitée avec dignité, où qu'elle se trouve.",
            },
            "es": {
                "description": "Caritas Internationalis gestiona albergues, servicios de asistencia jurídica y de búsqueda de familiares para las personas en movimiento en más de cuarenta países.",
                "mission_statement": "Que toda persona en movimiento sea tratada con dignidad, dondequiera que esté.",
            },
            "ar": {
                "description": "تدير كاريتاس الدولية مراكز إيواء ومكاتب للمساعدة القانونية وخدمات للبحث عن ذوي الأشخاص المتنقلين في أكثر من أربعين بلدًا.",
                "mission_statement": "أن يُعامَل كل شخص متنقل بكرامة أينما كان.",
            },
        },
    ),
    "Migrant Forum in Asia": (
        "en",
        "Migrant Forum in Asia is a regional network of grassroots groups, trade unions and advocates working for the rights of migrant workers and their families in Asia.",
        "",
        {
            "zh-hans": {
                "description": "亚洲移民论坛是一个区域网络，汇集基层团体、工会和倡导者，致力于维护亚洲移徙工人及其家庭的权利。",
            },
        },
    ),
    "Red Africaine des Migrations": (
        "fr",
        "Red Africaine des Migrations (RAM) rassemble des associations du Sénégal, du Mali, de Côte d'Ivoire et du Niger qui accompagnent les personnes migrantes et leurs familles. Le réseau mène des campagnes d'information sur la migration sûre et porte la voix de la société civile auprès des gouvernements de la région.",
        "Défendre les droits des personnes migrantes en Afrique de l'Ouest et faire de la migration un choix sûr et digne.",
        {
            "en": {
                "description": "Red Africaine des Migrations (RAM) brings together associations in Senegal, Mali, Côte d'Ivoire and Niger that support migrants and their families. The network runs safe-migration information campaigns and carries the voice of civil society to the governments of the region.",
                "mission_statement": "To defend the rights of migrants in West Africa and make migration a safe and dignified choice.",
            },
            "ar": {
                "description": "تجمع شبكة RAM جمعيات في السنغال ومالي وكوت ديفوار والنيجر تدعم المهاجرين وأسرهم. وتنظم الشبكة حملات توعية بالهجرة الآمنة، وتنقل صوت المجتمع المدني إلى حكومات المنطقة.",
                "mission_statement": "الدفاع عن حقوق المهاجرين في غرب أفريقيا وجعل الهجرة خيارًا آمنًا وكريمًا.",
            },
        },
    ),
    "Plataforma Sudamericana de Movilidad Humana": (
        "es",
        "La Plataforma Sudamericana de Movilidad Humana reúne a organizaciones de Argentina, Chile, Perú y Colombia que defienden los derechos de las personas migrantes y refugiadas. Vigila las políticas migratorias de la región y propone vías de regularización.",
        "Que toda persona en movilidad en América del Sur pueda ejercer sus derechos sin discriminación.",
        {
            "en": {
                "description": "The South American Platform on Human Mobility brings together organizations in Argentina, Chile, Peru and Colombia that defend the rights of migrants and refugees. It monitors migration policies in the region and proposes pathways to regular status.",
                "mission_statement": "That every person on the move in South America can exercise their rights without discrimination.",
            },
            "fr": {
                "description": "La Plateforme sud-américaine de mobilité humaine réunit des organisations d'Argentine, du Chili, du Pérou et de Colombie qui défendent les droits des personnes migrantes et réfugiées. Elle suit les politiques migratoires de la région et propose des voies de régularisation.",
                "mission_statement": "Que chaque personne en mobilité en Amérique du Sud puisse exercer ses droits sans discrimination.",
            },
        },
    ),
    "Cáritas Española": (
        "es",
        "Cáritas Española acoge a personas migrantes en toda España: primera acogida, asesoría jurídica, clases de español y acompañamiento hacia el empleo.",
        "",
        {
            "en": {
                "description": "Cáritas Española welcomes migrants throughout Spain: first reception, legal advice, Spanish classes and support towards employment.",
            },
        },
    ),
    "Cairo Institute for Migration Studies": (
        "en",
        "The Cairo Institute for Migration Studies conducts research on mobility, remittances and integration in Egypt and publishes open data.",
        "",
        {
            "ar": {
                "description": "يجري معهد القاهرة لدراسات الهجرة بحوثًا حول التنقل والتحويلات المالية والاندماج في مصر، وينشر بياناته بشكل مفتوح.",
            },
        },
    ),
    "Central Asia Labour Migration Network": (
        "en",
        "The Central Asia Labour Migration Network links associations in Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan that inform labour migrants before they leave and defend their rights abroad.",
        "",
        {
            "ru": {
                "description": "Сеть по трудовой миграции в Центральной Азии объединяет ассоциации Казахстана, Кыргызстана, Таджикистана и Узбекистана, которые информируют трудовых мигрантов перед отъездом и защищают их права за рубежом.",
            },
        },
    ),
    "Women on the Move Morocco": (
        "fr",
        "Women on the Move Morocco accueille et oriente les femmes migrantes à Rabat et dans sa région : écoute, accès aux soins, cours de langue et accompagnement vers l'emploi.",
        "",
        {
            "ar": {
                "description": "تستقبل جمعية Women on the Move Morocco النساء المهاجرات في الرباط ونواحيها وتوجههن: الإصغاء، والولوج إلى العلاج، ودروس اللغة، والمواكبة نحو الشغل.",
            },
            "en": {
                "description": "Women on the Move Morocco welcomes and guides migrant women in Rabat and its region: listening, access to health care, language classes and support towards employment.",
            },
        },
    ),
}  # fmt: skip

# Named focal points (invented people), by headquarters country.
DEMO_CONTACTS = {
    "VA": ("Marco Bellini", "Migration policy officer"),
    "CH": ("Sophie Favre", "Head of partnerships"),
    "PH": ("Maria Lourdes Santos", "Regional coordinator"),
    "SN": ("Aminata Diop", "Secrétaire exécutive"),
    "AR": ("Julián Ferreyra", "Coordinador regional"),
    "ES": ("Lucía Martín Gómez", "Responsable de migraciones"),
    "CO": ("Andrés Pérez Rojas", "Director"),
    "KE": ("Grace Wanjiku", "Programme manager"),
    "ZA": ("Thabo Nkosi", "General secretary"),
    "EG": ("Dr. Heba Mansour", "Research director"),
    "GB": ("Oliver Grant", "Editor-in-chief"),
    "FR": ("Claire Dubois", "Directrice des programmes"),
    "KZ": ("Aigerim Bekova", "Network coordinator"),
    "JM": ("Andre Campbell", "Executive director"),
    "MX": ("Guadalupe Hernández", "Coordinadora del albergue"),
    "RS": ("Milica Jovanović", "Field coordinator"),
    "TH": ("Somchai Rattanakorn", "Health programme lead"),
    "ET": ("Mulugeta Tesfaye", "Reintegration officer"),
    "MA": ("Fatima Zahra Benali", "Présidente"),
    "FJ": ("Dr. Salote Naivalu", "Centre director"),
    "UA": ("Olena Kovalenko", "Head of operations"),
    "BE": ("Pieter Janssens", "Secretary"),
    "NG": ("Chinedu Okafor", "Manager"),
    "PA": ("Rafael Castillo", "Welfare officer"),
}

LOGO_COLOURS = ["#0033a0", "#00796b", "#8e24aa", "#c62828", "#ef6c00", "#2e7d32", "#37474f"]

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
    "Red Africaine des Migrations": [
        ("joint_advocacy", "West African migrant rights campaign", 2012),
        ("other", "Safe migration information caravans, Senegal and Mali", 2017),
    ],
    "Central Asia Labour Migration Network": [
        ("project_implementation", "Pre-departure orientation for labour migrants", 2013),
        ("research", "Remittances and return in Tajikistan", 2021),
    ],
    "Centro de Atención al Migrante de Tapachula": [
        ("project_implementation", "Shelter upgrade and protection desk, Tapachula", 2019),
    ],
    "Caribbean Disaster Displacement Alliance": [
        ("iasc_cluster", "Camp coordination after Hurricane Matthew", 2016),
    ],
    "Cairo Institute for Migration Studies": [("research", "Migration profile of Egypt", 2015)],
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
                **_profile(index, name, kind, level),
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
            person, position = DEMO_CONTACTS.get(country, ("Alex Morgan", "Partnerships officer"))
            Contact.objects.create(
                organization=organization,
                name=person,
                position=position,
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
            _spread_over_the_years(organization, index, status)
            if status == VerificationStatus.VERIFIED and index % 3 != 2:
                organization_logo_set(
                    actor=None,
                    organization=organization,
                    upload=ContentFile(_logo(acronym or name)),
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


def _profile(index: int, name: str, kind: str, level: str) -> dict:
    """The description, mission statement and their language and translations."""
    if name in DEMO_PROFILES:
        language, description, mission, translations = DEMO_PROFILES[name]
        return {
            "profile_language": language,
            "description": description,
            "mission_statement": mission,
            "profile_translations": translations,
        }
    return {"description": _description(index, name, kind, level, 1950 + (index * 3) % 70)}


def _description(index: int, name: str, kind: str, level: str, year: int) -> str:
    sentence = TYPE_SENTENCES[kind][index % 2]
    return sentence.format(name=name, year=year, where=LEVEL_PHRASES[level])


def _spread_over_the_years(organization: Organization, index: int, status: str) -> None:
    """Registered between 2011 and now, verified a few weeks later: a registry with a past.

    Demo data only: timestamps are set directly, the state itself went through the services.
    """
    now = timezone.now()
    if status == VerificationStatus.PENDING:
        created = now - datetime.timedelta(days=3 + index % 20)
    else:
        created = datetime.datetime(
            2011 + index % 15, 1 + index % 12, 1 + index % 27, tzinfo=datetime.UTC
        )
        created = min(created, now - datetime.timedelta(days=60))
    verified = created + datetime.timedelta(days=10 + index % 40)
    fields: dict = {"created_at": created}
    if organization.verified_at:
        fields["verified_at"] = min(verified, now)
    Organization.objects.filter(pk=organization.pk).update(**fields)


def _logo(text: str) -> bytes:
    """A plain generated logo: initials on a colour chosen from the name."""
    initials = "".join(word[0] for word in text.split()[:3]).upper()[:3]
    colour = LOGO_COLOURS[int(hashlib.sha256(text.encode()).hexdigest(), 16) % len(LOGO_COLOURS)]
    image = Image.new("RGB", (256, 256), colour)
    draw = ImageDraw.Draw(image)
    try:
        font: ImageFont.FreeTypeFont | ImageFont.ImageFont = ImageFont.truetype(
            "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf", 96
        )
    except OSError:
        font = ImageFont.load_default()
    draw.text((128, 128), initials, fill="white", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
