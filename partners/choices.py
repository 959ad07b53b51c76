"""Stable codes of the registry's vocabularies (see shared/DOMAIN.md); labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerType(models.TextChoices):
    NGO = "ngo", _("Non-governmental organization (NGO) or NGO network")
    CSO = "cso", _("Civil society organization (CSO) or CSO network")
    ADVOCACY = "advocacy", _("Advocacy group")
    MIGRANT_ORG = "migrant_org", _("Migrants' organization (including diaspora organizations)")
    UNION = "union", _("Trade union or professional association")
    MEDIA = "media", _("Media organization")
    ACADEMIC = "academic", _("Academic or research institute, university")
    FOUNDATION = "foundation", _("Philanthropic foundation")


class Level(models.TextChoices):
    GLOBAL = "global", _("Global")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
    LOCAL = "local", _("Local")


class Region(models.TextChoices):
    ASIA_PACIFIC = "asia_pacific", _("Asia and the Pacific")
    EEA_EU_NATO = "eea_eu_nato", _("European Economic Area, EU and NATO")
    SOUTH_AMERICA = "south_america", _("South America")
    MENA = "mena", _("Middle East and North Africa")
    WEST_CENTRAL_AFRICA = "west_central_africa", _("West and Central Africa")
    EAST_HORN_AFRICA = "east_horn_africa", _("East and Horn of Africa")
    SOUTHERN_AFRICA = "southern_africa", _("Southern Africa")
    CENTRAL_NORTH_AMERICA_CARIBBEAN = (
        "central_north_america_caribbean",
        _("Central America, North America and the Caribbean"),
    )
    SEE_EECA = "see_eeca", _("South-Eastern Europe, Eastern Europe and Central Asia")


class Activity(models.TextChoices):
    MIGRANT_ASSISTANCE = "migrant_assistance", _("Migrant assistance")
    RESEARCH = "research", _("Research")
    AWARENESS_RAISING = "awareness_raising", _("Awareness raising")
    ADVOCACY = "advocacy", _("Advocacy")
    TRAINING = "training", _("Training and capacity building")
    SERVICE_DELIVERY = "service_delivery", _("Other service delivery")


class Setting(models.TextChoices):
    HUMANITARIAN = "humanitarian", _("Humanitarian")
    EARLY_RECOVERY = "early_recovery", _("Early recovery")
    DEVELOPMENT = "development", _("Development")


class EcosocStatus(models.TextChoices):
    NONE = "none", _("None")
    GENERAL = "general", _("General")
    SPECIAL = "special", _("Special")
    ROSTER = "roster", _("Roster")


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("Pending verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")


class CooperationKind(models.TextChoices):
    JOINT_ADVOCACY = "joint_advocacy", _("Joint advocacy")
    PROJECT_DESIGN = "project_design", _("Project design")
    PROJECT_IMPLEMENTATION = "project_implementation", _("Project implementation")
    TRAINING = "training", _("Training")
    RESEARCH = "research", _("Research")
    GFMD = "gfmd", _("GFMD Civil Society Days")
    IASC_CLUSTER = "iasc_cluster", _("IASC cluster")
    GLOBAL_PROCESS = "global_process", _("Contribution to a global process")
    OTHER = "other", _("Other")


class MemberRole(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


class DocumentKind(models.TextChoices):
    REGISTRATION_CERTIFICATE = "registration_certificate", _("Registration certificate")
    STATUTES = "statutes", _("Statutes")
    ANNUAL_REPORT = "annual_report", _("Annual report")
    ECOSOC_LETTER = "ecosoc_letter", _("ECOSOC letter")
    OTHER = "other", _("Other")


class ObservationSeverity(models.TextChoices):
    INFORMATION = "information", _("Information")
    CONCERN = "concern", _("Concern")
    SERIOUS = "serious", _("Serious concern")


class ContactLanguage(models.TextChoices):
    """Languages a contact speaks: IOM's three working languages and the other UN ones, and
    Portuguese (the portal's contact form offers the same list)."""

    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    ARABIC = "ar", _("Arabic")
    RUSSIAN = "ru", _("Russian")
    CHINESE = "zh", _("Chinese")
    PORTUGUESE = "pt", _("Portuguese")
