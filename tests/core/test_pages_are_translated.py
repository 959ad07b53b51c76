"""Every page reads in every language: no English sentence is left on a /fr/, /es/, /ar/,
/zh-hans/ or /ru/ page.

The catalogue tests (test_translations.py) only see strings that were marked for translation.
This test sees what the visitor sees: it renders each page in English and in each other
language and compares the visible text. A segment of three or more words that reads the same
in both is English left on the translated page: a string never marked for translation, text
assembled in Python without gettext, a third-party label without a translation.

What is stored in the database (the names, titles, emails and statements the test wrote) is
user data and is cut out of the text before comparing; proper nouns such as IOM and ECOSOC,
numbers and identifiers do not count as words (tests/core/visible_text.py). The few segments
that are rightly the same in every language are listed, with the reason, in
ALLOWED_SAME_TEXT.

The data is built once for the module and rolled back at its end; each page is one test.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation

from consultations.models import Consultation
from iomcso.accounts.models import User
from iomcso.core.roles import OBSERVER_REVIEWER
from observers.models import (
    CouncilSession,
    Criterion,
    EligibilityReport,
    Observer,
    ReportKind,
    ReportStatus,
    SessionDelegate,
)
from partners.choices import MemberRole
from partners.models import JoinRequest, OrganizationInvitation
from partners.portal.forms import REVIEW_STEP
from partners.portal.services import organization_submit_profile_changes
from partners.resources import OrganizationResource
from tests.consultations.factories import (
    AgendaSessionFactory,
    ConsultationFactory,
    DocumentFactory,
    InvitationFactory,
    RegistrationFactory,
)
from tests.core.visible_text import html_segments, left_in_english, without_user_data
from tests.factories import SuperUserFactory, UserFactory
from tests.observers.factories import (
    InternationalNgoFactory,
    application_under_review,
    draft_application,
    ecosoc_letter,
)
from tests.partners.factories import (
    ContactFactory,
    CooperationRecordFactory,
    OrganizationMemberFactory,
    StaffObservationFactory,
)

# Every language of the site but English, the one they are compared with.
LANGUAGES = ["fr", "es", "ar", "zh-hans", "ru"]
PASSWORD = "correct horse battery staple"  # every UserFactory user's

# Segments that are rightly the same in English and in the other language.
# Each entry says why; keep this list short.
IMPORT_COLUMNS = ", ".join(OrganizationResource._meta.fields)
ALLOWED_SAME_TEXT: dict[str, set[str]] = {
    language: {
        # The import page lists the column headings an import file must have: names of
        # the file format (as in the export), the same in every language.
        IMPORT_COLUMNS,
    }
    for language in LANGUAGES
}


# --- The data the pages show -------------------------------------------------------------


@dataclass
class Scene:
    """What the pages show: an organization at every stage of the portal (its administrator
    is the visitor of the portal pages), a second one under observer-status review, a
    current observer, a consultation, and a staff member who reviews and administers."""

    administrator: Any
    staff: Any
    organization: Any
    application: Any
    application_under_review: Any
    observer: Any
    observer_administrator: Any
    consultation: Any
    registration: Any
    report: Any
    user_data: set[str] = field(default_factory=set)

    def visitor(self, role: str):
        return {
            "anonymous": None,
            "administrator": self.administrator,
            "observer": self.observer_administrator,
            "staff": self.staff,
        }[role]


def _administered_organization(name: str, administrator_name: str, email: str):
    organization = InternationalNgoFactory(name=name)
    administrator = UserFactory(email=email, full_name=administrator_name)
    OrganizationMemberFactory(
        organization=organization, user=administrator, role=MemberRole.ADMINISTRATOR
    )
    return organization, administrator


def _build_scene() -> Scene:
    staff = SuperUserFactory(email="olga.reviewer@iom.int", full_name="Olga Reviewer")
    staff.groups.add(Group.objects.get(name=OBSERVER_REVIEWER))

    # The administrator's organization: a team, documents, contacts, cooperation, a
    # colleague invited, a join request, a staff observation and a draft application.
    organization, administrator = _administered_organization(
        "Amani Migrant Aid", "Amina Diallo", "amina.diallo@example.org"
    )
    OrganizationMemberFactory(
        organization=organization,
        user=UserFactory(email="jonas.berg@example.org", full_name="Jonas Berg"),
        role=MemberRole.EDITOR,
    )
    ecosoc_letter(organization, administrator)
    CooperationRecordFactory(
        organization=organization, title="Shelter in Kakuma", iom_office="IOM Nairobi"
    )
    ContactFactory(
        organization=organization,
        name="Lucia Moreno",
        position="Head of programmes",
        email="lucia.moreno@example.org",
        is_primary=True,
    )
    OrganizationInvitation.objects.create(
        organization=organization,
        email="colleague@example.org",
        role=MemberRole.EDITOR,
        token="scene-invitation-token",
        invited_by=administrator,
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    JoinRequest.objects.create(
        organization=organization,
        user=UserFactory(email="kofi.mensah@example.org", full_name="Kofi Mensah"),
    )
    StaffObservationFactory(organization=organization, author=staff, text="Met in Nairobi.")
    application = draft_application(organization, administrator)

    # A second applicant: its application is under review, its new name awaits staff.
    reviewed, reviewed_administrator = _administered_organization(
        "Pacific Diaspora Council", "Tala Fifita", "tala.fifita@example.org"
    )
    ecosoc_letter(reviewed, reviewed_administrator)
    CooperationRecordFactory(organization=reviewed, title="Remittance study")
    under_review = application_under_review(reviewed, reviewed_administrator, staff)
    organization_submit_profile_changes(
        organization=reviewed, actor=reviewed_administrator, data={"name": "Pacific Diaspora Hub"}
    )

    # A current observer at the Council, with a delegate to its next session.
    observer_organization, observer_administrator = _administered_organization(
        "Andean Mobility Forum", "Rosa Quispe", "rosa.quispe@example.org"
    )
    session = CouncilSession.objects.create(
        number=115, starts_on=datetime.date(2030, 11, 26), ends_on=datetime.date(2030, 11, 28)
    )
    observer = Observer.objects.create(
        organization=observer_organization, since=datetime.date(2024, 11, 26), session=session
    )
    SessionDelegate.objects.create(
        observer=observer, session=session, name="Rosa Quispe", email="rosa.quispe@example.org"
    )
    report = EligibilityReport.objects.create(
        kind=ReportKind.APPLICATIONS,
        filters={"statuses": ["submitted", "under_review"], "date_from": "2026-01-01"},
        requested_by=staff,
        status=ReportStatus.DONE,
        rows_written=1,
        rows_total=1,
    )

    consultation = ConsultationFactory(
        title="Consultation on climate mobility",
        slug="climate-mobility",
        theme="Climate and displacement",
    )
    AgendaSessionFactory(consultation=consultation, title="Opening plenary")
    DocumentFactory(consultation=consultation, title="Concept note on climate")
    InvitationFactory(consultation=consultation, organization=organization)
    registration = RegistrationFactory(
        consultation=consultation,
        organization=organization,
        full_name="Amina Diallo",
        email="amina.diallo@example.org",
        position="Director",
    )
    ConsultationFactory(
        title="Past consultation on returns",
        slug="past-returns",
        status=Consultation.Status.HELD,
        starts_at=timezone.now() - datetime.timedelta(days=90),
    )

    scene = Scene(
        administrator=administrator,
        staff=staff,
        organization=organization,
        application=application,
        application_under_review=under_review,
        observer=observer,
        observer_administrator=observer_administrator,
        consultation=consultation,
        registration=registration,
        report=report,
    )
    scene.user_data = _stored_text() | {"Pacific Diaspora Hub"}
    return scene


# Apps whose rows hold free text that people wrote: the portal's own, and the periodic
# tasks' names and descriptions (rows that staff edit, first written by our migrations).
DATA_APPS = {"accounts", "core", "partners", "consultations", "observers", "django_celery_beat"}


# The shared transition log holds state codes of many models, so its fields cannot carry
# one model's choices; like choice fields, they hold codes, not text.
STATE_CODE_FIELDS = {
    "core.TransitionLog.state_field",
    "core.TransitionLog.from_status",
    "core.TransitionLog.to_status",
}


def _stored_text() -> set[str]:
    """Every free text held in the database: names, titles, emails, statements, the
    subjects of emails in the outbox (written in their recipient's language).

    Choice fields hold codes, not text shown as such, and are left out.
    """
    texts: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label not in DATA_APPS:
            continue
        text_fields = [
            model_field.attname
            for model_field in model._meta.concrete_fields
            if isinstance(model_field, models.CharField | models.TextField)
            and not model_field.choices
            and f"{model._meta.label}.{model_field.name}" not in STATE_CODE_FIELDS
        ]
        if not text_fields:
            continue
        for row in model._base_manager.values_list(*text_fields):
            texts.update(value.strip() for value in row if isinstance(value, str))
    texts.update(user.get_short_name() for user in User.objects.all())
    return {text for text in texts if len(text) >= 3}


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    """The data is built once for the module, in a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = _build_scene()
        yield built
        transaction.set_rollback(True)


# --- The pages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    visitor: str  # "anonymous", "administrator", "observer" (an observer's administrator), "staff"
    url: Callable[[Scene], str]
    status: int = 200
    # The page opens only right after the password was typed (allauth's re-authentication).
    fresh_login: bool = False


def _url(name: str, *args) -> Callable[[Scene], str]:
    return lambda scene: reverse(name, args=[arg(scene) if callable(arg) else arg for arg in args])


def _own(scene: Scene) -> int:
    """The id of the administrator's organization."""
    return scene.organization.pk


def _application_step(criterion: str) -> Callable[[Scene], str]:
    return lambda scene: reverse(
        "observers:application_step", args=[scene.application.pk, criterion]
    )


def _consultation_tool(tool: str) -> Callable[[Scene], str]:
    """One of the staff pages of a consultation in the admin (invite, check-in...)."""
    return lambda scene: reverse(
        f"admin:consultations_{tool.replace('-', '_')}", args=[scene.consultation.pk]
    )


PAGES = [
    # Public
    Page("home", "anonymous", _url("home")),
    Page("partner directory", "anonymous", _url("partners:organization_list")),
    Page("partner detail", "anonymous", lambda scene: scene.organization.get_absolute_url()),
    Page("consultation list", "anonymous", _url("consultations:index")),
    Page("consultation detail", "anonymous", lambda scene: scene.consultation.get_absolute_url()),
    Page("observer list", "anonymous", _url("observers:index")),
    Page("page not found", "anonymous", lambda scene: "/en/no-such-page/", status=404),
    Page(
        "request that cannot be read",  # more query fields than Django reads: a 400
        "anonymous",
        lambda scene: "/en/partners/?" + "&".join(["country=CH"] * 1001),
        status=400,
    ),
    # Account pages
    Page("login", "anonymous", _url("account_login")),
    Page("signup", "anonymous", _url("account_signup")),
    Page("password reset", "anonymous", _url("account_reset_password")),
    Page("password reset sent", "anonymous", _url("account_reset_password_done")),
    Page("email verification sent", "anonymous", _url("account_email_verification_sent")),
    Page("privacy notice", "anonymous", _url("accounts:privacy_notice")),
    Page("account overview", "administrator", _url("accounts:overview")),
    Page("account deletion", "administrator", _url("accounts:account_delete")),
    Page("API tokens", "administrator", _url("api_tokens:list")),
    Page("privacy notice acceptance", "administrator", _url("accounts:privacy_accept")),
    Page("email addresses", "administrator", _url("account_email")),
    Page("password change", "administrator", _url("account_change_password")),
    Page("logout", "administrator", _url("account_logout")),
    Page("re-authentication", "administrator", _url("account_reauthenticate")),
    Page("two-factor authentication", "administrator", _url("mfa_index")),
    Page("two-factor activation", "administrator", _url("mfa_activate_totp"), fresh_login=True),
    # Portal, for an organization administrator
    Page("portal dashboard", "administrator", _url("portal:dashboard")),
    Page("organization page", "administrator", _url("portal:organization_detail", _own)),
    Page("profile edit", "administrator", _url("portal:organization_edit", _own)),
    Page("team", "administrator", _url("portal:team", _own)),
    Page("documents", "administrator", _url("portal:documents", _own)),
    Page("contacts", "administrator", _url("portal:contacts", _own)),
    Page("contact add", "administrator", _url("portal:contact_add", _own)),
    Page("cooperation", "administrator", _url("portal:cooperation", _own)),
    Page("cooperation add", "administrator", _url("portal:cooperation_add", _own)),
    Page("join an organization", "administrator", _url("portal:join_request_create")),
    *(
        Page(f"registration step {step}", "administrator", _url("portal:registration_step", step))
        for step in range(1, REVIEW_STEP + 1)
    ),
    Page("my consultations", "administrator", _url("consultations:mine")),
    Page(
        "consultation detail for a participant",
        "administrator",
        lambda scene: scene.consultation.get_absolute_url(),
    ),
    Page(
        "consultation delegates",
        "administrator",
        lambda scene: reverse(
            "consultations:manage", args=[scene.consultation.slug, scene.organization.pk]
        ),
    ),
    Page(
        "consultation delegate edit",
        "administrator",
        lambda scene: reverse(
            "consultations:delegate_edit",
            args=[scene.consultation.slug, scene.organization.pk, scene.registration.pk],
        ),
    ),
    Page("observer status apply", "administrator", _url("observers:apply")),
    Page(
        "observer status application",
        "administrator",
        lambda scene: reverse("observers:application_detail", args=[scene.application.pk]),
    ),
    *(
        Page(
            f"observer status application step {criterion}",
            "administrator",
            _application_step(criterion),
        )
        # The first step, and the one that lists cooperation records and documents.
        for criterion in (Criterion.PRINCIPAL_ACTIVITY, Criterion.COOPERATION_HISTORY)
    ),
    Page(
        "observer delegates at the Council",
        "observer",
        lambda scene: reverse("observers:delegates", args=[scene.observer.organization_id]),
    ),
    # Staff pages on the site
    Page("observer status review list", "staff", _url("observers:review_list")),
    Page(
        "observer status review",
        "staff",
        lambda scene: reverse("observers:review_detail", args=[scene.application_under_review.pk]),
    ),
    Page(
        "observer status end",
        "staff",
        lambda scene: reverse("observers:observer_end", args=[scene.observer.pk]),
    ),
    Page(
        "observer delegates of a Council session",
        "staff",
        lambda scene: reverse("observers:session_delegates", args=[scene.observer.session_id]),
    ),
    Page("identity changes review", "staff", _url("portal:staff_identity_changes")),
    # Staff pages in the admin
    Page("admin index", "staff", _url("admin:index")),
    Page("admin registry dashboard", "staff", _url("admin:partners_dashboard")),
    Page("admin dashboard with charts and map", "staff", _url("admin:dashboard")),
    Page("admin organization list", "staff", _url("admin:partners_organization_changelist")),
    Page("admin organization change", "staff", _url("admin:partners_organization_change", _own)),
    Page("admin organization history", "staff", _url("admin:partners_organization_history", _own)),
    Page(
        "admin organization suspension",
        "staff",
        _url("admin:partners_organization_transition", _own, "suspend"),
    ),
    Page(
        "admin organization merge",
        "staff",
        lambda scene: (
            reverse("admin:partners_organization_merge")
            + f"?ids={scene.organization.pk},{scene.observer.organization_id}"
        ),
    ),
    Page("admin organization import", "staff", _url("admin:partners_organization_import")),
    Page("admin organization export", "staff", _url("admin:partners_organization_export")),
    Page("admin possible duplicates", "staff", _url("admin:partners_possibleduplicate_changelist")),
    Page("admin staff observations", "staff", _url("admin:partners_staffobservation_changelist")),
    Page("admin consultation list", "staff", _url("admin:consultations_consultation_changelist")),
    Page(
        "admin consultation change",
        "staff",
        lambda scene: reverse(
            "admin:consultations_consultation_change", args=[scene.consultation.pk]
        ),
    ),
    *(
        Page(
            f"admin consultation {tool}",
            "staff",
            _consultation_tool(tool),
        )
        for tool in ("invite", "check-in", "badges", "statistics")
    ),
    Page("admin registrations", "staff", _url("admin:consultations_registration_changelist")),
    Page(
        "admin registration change",
        "staff",
        lambda scene: reverse(
            "admin:consultations_registration_change", args=[scene.registration.pk]
        ),
    ),
    Page("admin invitations", "staff", _url("admin:consultations_invitation_changelist")),
    Page(
        "admin observer application list",
        "staff",
        _url("admin:observers_observerapplication_changelist"),
    ),
    Page(
        "admin observer application change",
        "staff",
        lambda scene: reverse(
            "admin:observers_observerapplication_change",
            args=[scene.application_under_review.pk],
        ),
    ),
    Page("admin observers", "staff", _url("admin:observers_observer_changelist")),
    Page("admin Council sessions", "staff", _url("admin:observers_councilsession_changelist")),
    Page(
        "admin eligibility reports", "staff", _url("admin:observers_eligibilityreport_changelist")
    ),
    Page(
        "admin eligibility report",
        "staff",
        lambda scene: reverse("admin:observers_eligibilityreport_change", args=[scene.report.pk]),
    ),
    Page(
        "admin eligibility report request",
        "staff",
        _url("admin:observers_eligibilityreport_request"),
    ),
    Page("admin outbox", "staff", _url("admin:core_outboxmessage_changelist")),
    Page("admin reminders sent", "staff", _url("admin:core_reminderlog_changelist")),
    Page("admin users", "staff", _url("admin:accounts_user_changelist")),
    Page(
        "admin user change",
        "staff",
        lambda scene: reverse("admin:accounts_user_change", args=[scene.administrator.pk]),
    ),
    Page(
        "admin periodic tasks",
        "staff",
        _url("admin:django_celery_beat_periodictask_changelist"),
    ),
]


# --- Reading a page ----------------------------------------------------------------------


def _visible_text(client, url: str, language: str, expected_status: int, user_data) -> set[str]:
    localized = re.sub(r"^/en/", f"/{language}/", url)
    response = client.get(localized)
    assert response.status_code == expected_status, f"{localized} answered {response.status_code}"
    return without_user_data(html_segments(response.content.decode()), user_data)


@pytest.fixture
def visit(client, scene):
    """A client signed in as the page's visitor."""

    def sign_in(page: Page):
        user = scene.visitor(page.visitor)
        if user is not None:
            client.force_login(user)
        if page.fresh_login:
            response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
            assert response.status_code == 302, response.content.decode()[:1000]
        return client

    return sign_in


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_page_reads_in_every_language_with_no_english_sentence_left(db, scene, visit, page):
    client = visit(page)
    with translation.override("en"):
        url = page.url(scene)
    english = _visible_text(client, url, "en", page.status, scene.user_data)

    leaks = {}
    for language in LANGUAGES:
        localized = _visible_text(client, url, language, page.status, scene.user_data)
        assert english - localized, f"nothing on the page was translated in {language}"
        same = left_in_english(english, localized, ALLOWED_SAME_TEXT[language])
        if same:
            leaks[language] = sorted(same)

    assert not leaks, f"{page.name} ({url[:80]}) left in English: {leaks}"
