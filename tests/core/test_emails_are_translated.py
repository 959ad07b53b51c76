"""Every email reads in its recipient's language: no English sentence in a translated one.

Each email template (``templates/emails/<name>_subject.txt``, ``.txt`` and ``.html``, in any
app) is rendered with a sample context in English and in each of the five other languages, each branch of the
template once; a subject left as in English, or a sentence of the text or HTML body left in
English, fails. A template without a sample below fails too, so a new email cannot slip by.

The samples hold what the services put in the context; what they compute themselves (a
role's label, a status) must be lazy or computed in the recipient's language, which the
service-level tests at the end check for the contexts that are built from translated text.
"""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Engine
from django.template.utils import get_app_template_dirs
from django.urls import reverse
from django.utils import translation

from consultations.models import AgendaSession, Consultation
from iomcso.accounts.models import User
from iomcso.core.emails import render_email
from iomcso.core.models import OutboxMessage
from observers.models import ApplicationStatus, ReportKind
from observers.services import TRANSITION_MESSAGES
from partners.choices import MemberRole
from partners.models import Organization
from partners.portal import services as portal_services
from tests.core.visible_text import html_segments, left_in_english, text_segments, without_user_data
from tests.factories import UserFactory
from tests.partners.factories import OrganizationMemberFactory, VerifiedOrganizationFactory

# Every language of the site but English, the one they are compared with.
LANGUAGES = ["fr", "es", "ar", "zh-hans", "ru"]

# --- Sample contexts, one per branch of each template ------------------------------------

ORGANIZATION = Organization(name="Amani Migrant Aid")
PERSON = User(full_name="Amina Diallo", email="amina.diallo@example.org")
STARTS = datetime.datetime(2030, 11, 26, 9, 0, tzinfo=datetime.UTC)
CONSULTATION = Consultation(
    title="Consultation on climate mobility",
    slug="climate-mobility",
    theme="Climate and displacement",
    starts_at=STARTS,
    ends_at=STARTS + datetime.timedelta(hours=8),
    registration_closes_at=STARTS - datetime.timedelta(days=5),
    time_zone="Europe/Zurich",
    venue="Palais des Nations",
    online_link="https://meet.example.org/climate",
)
SESSIONS = [AgendaSession(title="Opening plenary", starts_at=STARTS)]
URL = "https://portal.example.org/fr/portal/"

# Text that people wrote or that names a person or a thing: not the template's to translate.
USER_DATA = {
    ORGANIZATION.name,
    PERSON.full_name,
    PERSON.email,
    CONSULTATION.title,
    CONSULTATION.theme,
    CONSULTATION.venue,
    CONSULTATION.online_link,
    "Opening plenary",
    "AL-RASHID TRUST",
    "Please send your 2029 annual report.",
    "Our statutes were amended in 2029.",
    "The registration certificate is missing.",
    "We work with IOM in Nairobi.",
    "https://survey.example.org/climate",
    URL,
    settings.SITE_URL,
}

CONSULTATION_CONTEXT = {
    "consultation": CONSULTATION,
    "organization_name": ORGANIZATION.name,
    "full_name": PERSON.full_name,
    "token": "a-personal-token",
}
APPLICATION_CONTEXT = {
    "organization_name": ORGANIZATION.name,
    "message": TRANSITION_MESSAGES["request_information"],
    "status": ApplicationStatus.INFORMATION_REQUESTED.label,
    "comment": "Please send your 2029 annual report.",
    "url": URL,
}
PORTAL_CONTEXT = {"organization": ORGANIZATION, "recipient": PERSON, "url": URL}

SAMPLES: dict[str, dict[str, dict]] = {
    "consultations/invitation": {"": CONSULTATION_CONTEXT},
    "consultations/registration_status": {
        event: {**CONSULTATION_CONTEXT, "event": event}
        for event in (
            "confirmed",
            "waitlisted",
            "promoted",
            "pending",
            "consultation_cancelled",
            "cancelled",
            "declined",
        )
    },
    "consultations/reminder_closing": {"": CONSULTATION_CONTEXT},
    "consultations/reminder_event": {"": {**CONSULTATION_CONTEXT, "sessions": SESSIONS}},
    "consultations/reminder_feedback": {
        "": {**CONSULTATION_CONTEXT, "survey_url": "https://survey.example.org/climate"}
    },
    "consultations/reminder_invitation": {"": CONSULTATION_CONTEXT},
    "consultations/reminder_report": {"": CONSULTATION_CONTEXT},
    "observers/application_status_applicant": {"": APPLICATION_CONTEXT},
    "observers/application_status_reviewer": {"": APPLICATION_CONTEXT},
    "observers/reminder_applicant": {
        kind: {
            "kind": kind,
            "organization_name": ORGANIZATION.name,
            "information_request": "Please send your 2029 annual report.",
            "since": datetime.date(2030, 1, 15),
            "url": URL,
        }
        for kind in ("observer_draft_idle", "observer_information_overdue")
    },
    "observers/reminder_reviewer": {
        "": {
            "organization_name": ORGANIZATION.name,
            "status": ApplicationStatus.UNDER_REVIEW.label,
            "since": datetime.date(2030, 1, 15),
            "url": URL,
        }
    },
    "observers/report_ready": {
        f"{rows} rows": {
            "report_kind": ReportKind.APPLICATIONS.label,
            "rows": rows,
            "csv_url": URL + "report.csv",
            "xlsx_url": URL + "report.xlsx",
        }
        for rows in (1, 12)
    },
    "screening/confirmed_match": {
        "confirmed": {
            "organization_name": ORGANIZATION.name,
            "reference_number": "QDe.905",
            "entry_name": "AL-RASHID TRUST",
            "recipient_name": PERSON.full_name,
            "url": URL,
        }
    },
    "partners/organization_status": {
        status: {
            "organization_name": ORGANIZATION.name,
            "status": status,
            "reason": "The registration certificate is missing.",
            "recipient_name": PERSON.full_name,
        }
        for status in ("pending", "verified", "rejected", "suspended")
    },
    "partners/portal/identity_changes_decided": {
        "approved": {**PORTAL_CONTEXT, "approved": True, "reason": ""},
        "declined": {
            **PORTAL_CONTEXT,
            "approved": False,
            "reason": "The registration certificate is missing.",
        },
    },
    "partners/portal/invitation": {
        "": {
            **PORTAL_CONTEXT,
            "inviter": PERSON,
            "role": MemberRole.EDITOR.label,
            "expires_at": STARTS,
        }
    },
    "partners/portal/join_request_decided": {
        "approved": {**PORTAL_CONTEXT, "approved": True},
        "declined": {**PORTAL_CONTEXT, "approved": False},
    },
    "partners/portal/join_request_received": {
        "": {**PORTAL_CONTEXT, "requester": PERSON, "message": "We work with IOM in Nairobi."}
    },
    "partners/portal/profile_confirmation_reminder": {
        "": {**PORTAL_CONTEXT, "last_confirmed": STARTS - datetime.timedelta(days=400)}
    },
    "partners/portal/staff_identity_changes": {"": {**PORTAL_CONTEXT, "changes": {"name": "x"}}},
    "partners/portal/staff_registration_submitted": {
        "new": {**PORTAL_CONTEXT, "resubmitted": False},
        "resubmitted": {**PORTAL_CONTEXT, "resubmitted": True},
    },
}


def email_templates() -> set[str]:
    """Every email the templates define, by name (``partners/portal/invitation``)."""
    directories = [
        *map(str, Engine.get_default().dirs),
        *map(str, get_app_template_dirs("templates")),
    ]
    names = set()
    for directory in directories:
        root = Path(directory) / "emails"
        for subject in root.rglob("*_subject.txt"):
            names.add(str(subject.relative_to(root)).removesuffix("_subject.txt"))
    return names


CASES = [
    pytest.param(template, context, id=f"{template} {variant}".strip())
    for template, variants in SAMPLES.items()
    for variant, context in variants.items()
]


def test_every_email_template_has_a_sample_context_here():
    assert email_templates() == set(SAMPLES)


@pytest.mark.parametrize(("template", "context"), CASES)
def test_email_reads_in_every_language_with_no_english_sentence_left(template, context):
    english = render_email(template=template, context=context, language="en")
    for language in LANGUAGES:
        localized = render_email(template=template, context=context, language=language)

        assert localized.subject != english.subject, f"{language}: {localized.subject}"
        assert f'<html lang="{language}"' in localized.body_html
        for segments in (text_segments, html_segments):
            parts = [english.body_text, localized.body_text]
            if segments is html_segments:
                parts = [english.body_html, localized.body_html]
            same = left_in_english(
                without_user_data(segments(parts[0]), USER_DATA),
                without_user_data(segments(parts[1]), USER_DATA),
            )
            assert not same, f"{template} in {language} left in English: {sorted(same)}"


# --- Contexts the services build -------------------------------------------------------


def test_team_invitation_names_the_role_in_the_invitees_language_not_the_inviters(db):
    organization = VerifiedOrganizationFactory(name="Amani Migrant Aid")
    inviter = UserFactory(language="en")
    OrganizationMemberFactory(
        organization=organization, user=inviter, role=MemberRole.ADMINISTRATOR
    )
    UserFactory(email="colleague@example.org", language="fr")

    # The inviter works in English: the request's language is active while the email renders.
    with translation.override("en"):
        portal_services.invitation_create(
            organization=organization,
            actor=inviter,
            email="colleague@example.org",
            role=MemberRole.EDITOR,
        )

    message = OutboxMessage.objects.get(to=["colleague@example.org"])
    assert message.language == "fr"
    with translation.override("fr"):
        role = str(MemberRole.EDITOR.label)
        link = reverse("portal:invitation_accept", args=["TOKEN"]).removesuffix("TOKEN/")
    assert f"en qualité de {role}." in " ".join(message.body_text.split())
    assert role != "Editor"
    assert link in message.body_text


def test_account_email_subjects_name_the_portal_in_the_readers_language(client, db):
    UserFactory(email="awa@example.org", language="fr")
    client.post("/en/accounts/password/reset/", {"email": "awa@example.org"})
    message = OutboxMessage.objects.get(to=["awa@example.org"])
    assert message.subject.startswith("[OIM–OSC] ")
    assert "IOM" not in message.subject
