"""What happens after the main journeys, in Chromium, every page scanned with axe-core.

- An observer organization registers its delegates to a Council session; staff see them on
  the session's list without voting rights; staff later end its Observer status, and it leaves
  the public list of observers.
- A reviewer asks for a registry screening in the admin; a real Celery worker builds it; the
  reviewer downloads the XLSX and CSV, whose rows match the registry; nobody else can.
- After a consultation is held, staff publish the report and action points; the participant
  organization sees them and its participants-only documents, and downloads its delegates'
  invitation letter and certificate of attendance; another organization cannot.
"""

import csv
import datetime
import io
import re
import subprocess
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from consultations import services as consultation_services
from consultations.models import ActionPoint, Consultation, ConsultationDocument, Registration
from iomcso.accounts.models import User
from iomcso.core.models import OutboxMessage
from iomcso.core.roles import CONSULTATIONS_OFFICER
from observers import services as observer_services
from observers.models import EligibilityReport, Observer, ReportKind, ReportStatus, SessionDelegate
from observers.selectors import organization_precheck
from partners.choices import EcosocStatus, Level, MemberRole
from partners.models import Organization
from tests.consultations.factories import ConsultationFactory, annual_cso_series, focal_point
from tests.e2e.journey import click_and_wait, sign_in
from tests.factories import StaffUserFactory, UserFactory
from tests.observers.factories import (
    PDF_BYTES,
    CouncilSessionFactory,
    InternationalNgoFactory,
    applicant,
    application_under_review,
    assess_all,
    ecosoc_letter,
    reviewer,
)
from tests.partners.factories import (
    CooperationRecordFactory,
    OrganizationFactory,
    OrganizationMemberFactory,
    VerifiedOrganizationFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

NO_VOTE = "Observer — no voting rights"


def _follow_main_link(page, name: str) -> None:
    click_and_wait(page, page.get_by_role("navigation", name="Main").get_by_role("link", name=name))


def _pdf_text(pdf: bytes) -> str:
    """The text of a PDF as pdftotext (poppler-utils) reads it, white space collapsed."""
    text = subprocess.run(  # noqa: S603 - fixed arguments
        ["pdftotext", "-enc", "UTF-8", "-", "-"],  # noqa: S607
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return " ".join(text.split())


# --- 1. An observer attends a Council session ----------------------------------------------


def _granted_observer(name: str, *, staff, session) -> tuple[Organization, User]:
    """An international NGO whose application the Council granted at ``session``."""
    organization, admin = applicant(name=name)
    application = application_under_review(organization, admin, staff)
    assess_all(application, staff, "met")
    observer_services.application_recommend(application=application, actor=staff)
    observer_services.application_grant(
        application=application,
        session=session,
        reference=f"C/{session.number}/RES/{organization.pk}",
        decided_on=session.starts_on,
        actor=staff,
    )
    return organization, admin


def _register_council_delegate(page, session, name: str, email: str, position: str) -> None:
    page.get_by_label("Council session").select_option(label=str(session))
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Position").fill(position)
    click_and_wait(page, page.get_by_role("button", name="Register", exact=True))
    expect(page.get_by_text("The delegate is registered.")).to_be_visible()


def test_an_observer_sends_delegates_to_a_council_session_until_staff_end_its_status(
    new_page, assert_accessible
):
    today = timezone.localdate()
    staff = reviewer()
    granting = CouncilSessionFactory(
        number=121,
        starts_on=today - datetime.timedelta(days=200),
        ends_on=today - datetime.timedelta(days=198),
    )
    upcoming = CouncilSessionFactory(
        number=122,
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=32),
    )
    organization, admin = _granted_observer(
        "Global Migrant Rights Alliance", staff=staff, session=granting
    )
    _granted_observer("Migration Policy Forum International", staff=staff, session=granting)
    observer = Observer.objects.get(organization=organization)

    # --- The observer's administrator registers two delegates from the portal ------------
    page = new_page()
    sign_in(page, admin.email)
    _follow_main_link(page, "My organization")
    click_and_wait(
        page,
        page.get_by_role(
            "link", name="Observer status at the IOM Council: apply or follow your application"
        ),
    )
    expect(
        page.get_by_text("This organization holds Observer status at the IOM Council.")
    ).to_be_visible()
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Register delegates to Council sessions"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Delegates of Global Migrant Rights Alliance to the IOM Council"
    )
    expect(
        page.get_by_text(
            "Observer organizations attend Council sessions without the right to vote."
        )
    ).to_be_visible()
    # Only the session still to come is offered, not the one that granted the status.
    expect(page.get_by_label("Council session").locator("option")).to_have_text(
        ["Choose…", "122nd Session of the Council"]
    )
    assert_accessible(page)
    _register_council_delegate(
        page, upcoming, "Amara Okafor", "amara@gmra.example.org", "Executive director"
    )
    _register_council_delegate(
        page, upcoming, "Lucas Moreau", "lucas@gmra.example.org", "Advocacy officer"
    )
    for name in ("Amara Okafor", "Lucas Moreau"):
        row = page.get_by_role("row", name=re.compile(name))
        expect(row).to_contain_text("122nd Session of the Council")
        expect(row).to_contain_text(NO_VOTE)
    assert_accessible(page)
    assert sorted(
        SessionDelegate.objects.filter(session=upcoming, observer=observer).values_list(
            "name", "email", "registered_by"
        )
    ) == [
        ("Amara Okafor", "amara@gmra.example.org", admin.pk),
        ("Lucas Moreau", "lucas@gmra.example.org", admin.pk),
    ]

    # --- Staff open the session's list of observer delegates from the admin ---------------
    staff_page = new_page()
    sign_in(staff_page, staff.email)
    staff_page.goto("/en/admin/observers/councilsession/")
    assert_accessible(staff_page)
    session_row = staff_page.locator("#result_list tr", has_text="122nd Session of the Council")
    click_and_wait(staff_page, session_row.get_by_role("link", name="List"))
    expect(staff_page.get_by_role("heading", level=1)).to_have_text(
        "Observer delegates to the 122nd Session of the Council"
    )
    expect(
        staff_page.get_by_text("Observer organizations attend without the right to vote.")
    ).to_be_visible()
    expect(staff_page.locator("tbody tr")).to_have_count(2)
    for name, position in (
        ("Amara Okafor", "Executive director"),
        ("Lucas Moreau", "Advocacy officer"),
    ):
        row = staff_page.get_by_role("row", name=re.compile(name))
        expect(row.get_by_role("cell")).to_have_text(
            ["Global Migrant Rights Alliance", position, NO_VOTE]
        )
    assert_accessible(staff_page)

    # --- The public list of observers shows both organizations ----------------------------
    visitor = new_page()
    visitor.goto("/en/observers/")
    expect(visitor.locator("caption")).to_have_text("2 current observer organizations")
    expect(
        visitor.get_by_role("row", name=re.compile("Global Migrant Rights Alliance"))
    ).to_contain_text("121st Session of the Council")
    assert_accessible(visitor)

    # --- Staff end the organization's Observer status, with a reason and a date -----------
    reason = "The organization asked to end its Observer status after its merger."
    staff_page.goto("/en/admin/observers/observer/")
    assert_accessible(staff_page)
    observer_row = staff_page.locator("#result_list tr", has_text="Global Migrant Rights Alliance")
    click_and_wait(staff_page, observer_row.get_by_role("link", name="End Observer status"))
    expect(staff_page.get_by_role("heading", level=1)).to_have_text(
        "End the Observer status of Global Migrant Rights Alliance"
    )
    assert_accessible(staff_page)
    staff_page.get_by_label("Ended on").fill(today.isoformat())
    staff_page.get_by_label("Reason").fill(reason)
    click_and_wait(staff_page, staff_page.get_by_role("button", name="End Observer status"))
    expect(staff_page.locator("body")).to_contain_text("Observer status has ended.")
    expect(observer_row).to_contain_text(reason[:60])
    expect(observer_row.get_by_role("link", name="End Observer status")).to_have_count(0)
    assert_accessible(staff_page)
    observer.refresh_from_db()
    assert (observer.ended_on, observer.end_reason, observer.ended_by) == (today, reason, staff)

    # --- It has left the public list; the other observer is still there ------------------
    visitor.reload()
    expect(visitor.locator("caption")).to_have_text("1 current observer organization")
    expect(
        visitor.get_by_role("row", name=re.compile("Global Migrant Rights Alliance"))
    ).to_have_count(0)
    expect(
        visitor.get_by_role("row", name=re.compile("Migration Policy Forum International"))
    ).to_be_visible()
    assert_accessible(visitor)

    # --- And its administrator can no longer register delegates ---------------------------
    response = page.goto(f"/en/observers/organizations/{organization.pk}/delegates/")
    assert response is not None
    assert response.status == 404


# --- 2. Staff build an eligibility report with Celery ---------------------------------------


@pytest.mark.worker
def test_a_reviewer_downloads_a_registry_screening_that_a_worker_built(
    new_page, assert_accessible, celery_worker
):
    staff = reviewer()
    alpha = InternationalNgoFactory(name="Alpha International Aid")
    ecosoc_letter(alpha)
    CooperationRecordFactory(organization=alpha, end_date=datetime.date(2024, 5, 1))
    beta = VerifiedOrganizationFactory(
        name="Beta Local Aid",
        level=Level.NATIONAL,
        headquarters_country="KE",
        countries_of_operation=["KE"],
    )
    VerifiedOrganizationFactory(
        name="Gamma Network",
        level=Level.LOCAL,
        countries_of_operation=["KE", "UG"],
        ecosoc_status=EcosocStatus.ROSTER,
    )
    OrganizationFactory(name="Delta Pending", level=Level.GLOBAL)  # not verified: not screened
    epsilon, epsilon_admin = applicant(name="Epsilon Rights Watch")
    assess_all(application_under_review(epsilon, epsilon_admin, staff), staff, "met")
    portal_user = UserFactory()
    OrganizationMemberFactory(organization=beta, user=portal_user, role=MemberRole.ADMINISTRATOR)
    officer = StaffUserFactory()
    officer.groups.add(Group.objects.get(name=CONSULTATIONS_OFFICER))

    # --- The reviewer asks for a registry screening in the admin ---------------------------
    page = new_page()
    sign_in(page, staff.email)
    expect(page).to_have_url(re.compile(r"/en/admin/$"))  # staff land on the admin
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Eligibility reports"))
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Request an eligibility report"))
    # .first: the admin's title block and the template both render this <h1>.
    expect(page.get_by_role("heading", name="Request an eligibility report").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Report").select_option(label="Registry screening")
    click_and_wait(page, page.get_by_role("button", name="Request the report"))
    report = EligibilityReport.objects.get()
    expect(page.locator("body")).to_contain_text(
        f"Report #{report.pk} is being built; you will get an email when it is ready."
    )
    assert (report.kind, report.requested_by) == (ReportKind.REGISTRY_SCREENING, staff)

    # --- The worker builds it; the reviewer reloads the list until it is ready -------------
    row = page.locator("#result_list tbody tr", has_text=f"Registry screening #{report.pk}")
    deadline = time.monotonic() + 60
    while row.get_by_role("link", name="XLSX").count() == 0:
        assert time.monotonic() < deadline, "the worker did not build the report in a minute"
        page.reload()
    registry = list(Organization.objects.verified().order_by("name", "pk"))
    expect(row).to_contain_text("Ready")
    expect(row).to_contain_text(f"{len(registry)} / {len(registry)} (100 %)")
    assert_accessible(page)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error

    # --- The XLSX holds one row per verified organization, as the registry says -----------
    with page.expect_download() as xlsx_download:
        row.get_by_role("link", name="XLSX").click()
    assert xlsx_download.value.suggested_filename.startswith(f"registry_screening-{report.pk}-")
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    # Playwright saves downloads without an extension, which openpyxl refuses as a path.
    xlsx_bytes = Path(xlsx_download.value.path()).read_bytes()
    workbook = load_workbook(io.BytesIO(xlsx_bytes), read_only=True)
    sheet = workbook.active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    workbook.close()
    header, body = rows[0], rows[1:]
    assert [(line[0], line[1]) for line in body] == [(o.pk, o.name) for o in registry]
    assert {line[1] for line in body} == {
        "Alpha International Aid",
        "Beta Local Aid",
        "Gamma Network",
        "Epsilon Rights Watch",
    }
    by_name = {str(line[1]): dict(zip(header, line, strict=True)) for line in body}
    for organization in registry:
        line = by_name[organization.name]
        assert line["Headquarters country"] == str(organization.headquarters_country)
        for check in organization_precheck(organization=organization):
            assert line[f"{check.criterion}: registry"] == check.outcome, organization.name
            assert line[f"{check.criterion}: evidence"] == str(check.evidence), organization.name
    alpha_line, beta_line = by_name["Alpha International Aid"], by_name["Beta Local Aid"]
    assert alpha_line["international: registry"] == "met"
    assert alpha_line["ecosoc: registry"] == "met"
    assert alpha_line["cooperation_history: registry"] == "met"
    assert "2024" in str(alpha_line["cooperation_history: evidence"])
    assert beta_line["international: registry"] == "not_met"
    assert beta_line["ecosoc: registry"] == "not_met"
    assert by_name["Gamma Network"]["ecosoc: registry"] == "unclear"
    assert by_name["Epsilon Rights Watch"]["ecosoc: reviewer assessment"] == f"met ({staff.email})"
    assert beta_line["ecosoc: reviewer assessment"] is None

    # --- The CSV has the same rows ----------------------------------------------------------
    with page.expect_download() as csv_download:
        row.get_by_role("link", name="CSV").click()
    assert csv_download.value.suggested_filename.endswith(".csv")
    with Path(csv_download.value.path()).open(encoding="utf-8-sig", newline="") as handle:
        csv_rows = list(csv.reader(handle))
    assert csv_rows[0] == list(header)
    assert [(line[0], line[1]) for line in csv_rows[1:]] == [(str(o.pk), o.name) for o in registry]
    assert [line[header.index("ecosoc: registry")] for line in csv_rows[1:]] == [
        by_name[o.name]["ecosoc: registry"] for o in registry
    ]

    # --- The reviewer was told by email, with the links ------------------------------------
    email = OutboxMessage.objects.get(to=[staff.email], template="observers/report_ready")
    assert f"/en/observers/staff/reports/{report.pk}/xlsx/" in email.body_text

    # --- Nobody else gets the files ---------------------------------------------------------
    for person in (portal_user, officer):
        other = new_page()
        sign_in(other, person.email)
        for file_format in ("xlsx", "csv"):
            response = other.request.get(f"/en/observers/staff/reports/{report.pk}/{file_format}/")
            assert response.status == 404, (person.email, file_format, response.status)
    anonymous = new_page()
    response = anonymous.request.get(
        f"/en/observers/staff/reports/{report.pk}/xlsx/", max_redirects=0
    )
    assert response.status == 302
    assert "/accounts/login/" in response.headers["location"]


# --- 3. Consultation follow-up seen by a participant organization --------------------------

TITLE = "Annual CSO Consultation 2026"
REPORT_TITLE = "Report of the Annual CSO Consultation 2026"
PRESENTATIONS_TITLE = "Speakers' presentations"
ACTION_POINTS = [
    ("Publish a joint guide on safe migration pathways.", "IOM Civil Society Unit", "Open"),
    ("Set up a regional focal point network in the Andes.", "Red Migrante Andina", "In progress"),
]


def _admin_consultation_action(page, label: str) -> None:
    page.goto("/en/admin/consultations/consultation/")
    row = page.locator("#result_list tr", has_text=TITLE)
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", label=label)
    click_and_wait(page, page.get_by_role("button", name="Go", exact=True).first)
    expect(page.locator("body")).to_contain_text("1 consultation updated.")


def _add_document(page, index: int, *, kind: str, title: str, visibility: str, name: str):
    page.get_by_text("Add another Document").click()
    page.select_option(f"#id_documents-{index}-kind", kind)
    page.fill(f"#id_documents-{index}-title", title)
    page.select_option(f"#id_documents-{index}-visibility", visibility)
    page.set_input_files(
        f"#id_documents-{index}-file",
        {"name": name, "mimeType": "application/pdf", "buffer": PDF_BYTES},
    )


def _download_pdf(page, link) -> tuple[str, bytes]:
    with page.expect_download() as download:
        link.click()
    return download.value.suggested_filename, Path(download.value.path()).read_bytes()


def test_a_participant_organization_sees_the_follow_up_and_downloads_its_delegates_letters(
    new_page, assert_accessible
):
    annual_cso_series()  # transactional tests flush data migrations: make sure it exists
    officer = StaffUserFactory()
    officer.groups.add(Group.objects.get(name=CONSULTATIONS_OFFICER))
    organization = VerifiedOrganizationFactory(name="Red Migrante Andina")
    focal = focal_point(organization, MemberRole.EDITOR, email="focal@andina.example.org")
    other_organization = VerifiedOrganizationFactory(name="Pacific Migrant Network")
    outsider = focal_point(other_organization, email="admin@pacific.example.org")
    consultation = ConsultationFactory(
        title=TITLE,
        slug="annual-cso-consultation-2026",
        theme="Local action for safe migration",
        venue="Palais des Nations, Geneva",
        format=Consultation.Format.IN_PERSON,
    )

    # --- Held: two in-person delegates confirmed; one checked in, one did not come ---------
    ana, luis = (
        consultation_services.registration_create(
            consultation=consultation,
            organization=organization,
            delegate=consultation_services.DelegateData(
                full_name=name, email=email, position="Programme officer"
            ),
            actor=focal,
        )
        for name, email in (
            ("Ana Mamani", "ana@andina.example.org"),
            ("Luis Condori", "luis@andina.example.org"),
        )
    )
    assert {ana.status, luis.status} == {Registration.Status.CONFIRMED}
    held_at = (timezone.now() - datetime.timedelta(days=3)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    # Time passes: the consultation took place three days ago.
    Consultation.objects.filter(pk=consultation.pk).update(
        starts_at=held_at,
        ends_at=held_at + datetime.timedelta(hours=8),
        registration_opens_at=held_at - datetime.timedelta(days=40),
        registration_closes_at=held_at - datetime.timedelta(days=5),
    )
    consultation_services.consultation_close_registration(consultation=consultation, actor=officer)
    consultation_services.registration_check_in(registration=ana, actor=officer)
    consultation_services.registration_mark_no_show(registration=luis, actor=officer)
    consultation_services.consultation_mark_held(consultation=consultation, actor=officer)

    # --- Staff add the report, a participants-only document and the action points ---------
    staff_page = new_page()
    sign_in(staff_page, officer.email)
    staff_page.goto(f"/en/admin/consultations/consultation/{consultation.pk}/change/")
    assert_accessible(staff_page)
    for index, (text, owner, status) in enumerate(ACTION_POINTS):
        staff_page.get_by_text("Add another Action point").click()
        staff_page.fill(f"#id_action_points-{index}-order", str(index + 1))
        staff_page.fill(f"#id_action_points-{index}-text", text)
        staff_page.fill(f"#id_action_points-{index}-owner", owner)
        staff_page.fill(f"#id_action_points-{index}-due_date", "2027-03-31")
        staff_page.select_option(f"#id_action_points-{index}-status", label=status)
    _add_document(
        staff_page, 0, kind="report", title=REPORT_TITLE, visibility="public", name="report.pdf"
    )
    _add_document(
        staff_page,
        1,
        kind="presentation",
        title=PRESENTATIONS_TITLE,
        visibility="participants",
        name="presentations.pdf",
    )
    assert_accessible(staff_page)
    click_and_wait(staff_page, staff_page.get_by_role("button", name="Save", exact=True))
    expect(staff_page.locator("body")).to_contain_text("was changed successfully")
    assert list(consultation.action_points.values_list("text", "owner", "status")) == [
        (ACTION_POINTS[0][0], ACTION_POINTS[0][1], ActionPoint.Status.OPEN),
        (ACTION_POINTS[1][0], ACTION_POINTS[1][1], ActionPoint.Status.IN_PROGRESS),
    ]
    presentations = ConsultationDocument.objects.get(consultation=consultation, kind="presentation")
    assert presentations.visibility == ConsultationDocument.Visibility.PARTICIPANTS

    # --- ... and publish the report ----------------------------------------------------------
    _admin_consultation_action(staff_page, "Mark the report published")
    assert_accessible(staff_page)
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.REPORT_PUBLISHED
    assert consultation.report_published_at is not None

    # --- The participant organization's focal point finds the consultation ----------------
    page = new_page()
    sign_in(page, focal.email)
    _follow_main_link(page, "My organization")
    click_and_wait(
        page, page.get_by_role("link", name="Consultations: your invitations and delegates")
    )
    participation = page.get_by_role("row", name=re.compile(TITLE))
    expect(participation).to_contain_text("Report published")
    assert_accessible(page)
    click_and_wait(
        page, participation.get_by_role("link", name="2 confirmed, 0 waitlisted, 0 pending")
    )

    # --- Its delegates' page: letters, and the documents for participants -------------------
    expect(page.get_by_role("heading", level=1)).to_have_text("Delegates of Red Migrante Andina")
    ana_row = page.get_by_role("row", name=re.compile("Ana Mamani"))
    luis_row = page.get_by_role("row", name=re.compile("Luis Condori"))
    expect(ana_row.get_by_role("link", name="Invitation letter (PDF)")).to_be_visible()
    expect(ana_row.get_by_role("link", name="Certificate of attendance (PDF)")).to_be_visible()
    expect(luis_row.get_by_role("link", name="Invitation letter (PDF)")).to_be_visible()
    # Luis did not come: no certificate of attendance for him.
    expect(luis_row.get_by_role("link", name="Certificate of attendance (PDF)")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Cancel the registration"))).to_have_count(0)
    expect(page.get_by_role("heading", name="Documents for participants")).to_be_visible()
    expect(page.get_by_role("link", name=PRESENTATIONS_TITLE)).to_be_visible()
    assert_accessible(page)

    filename, letter = _download_pdf(
        page, ana_row.get_by_role("link", name="Invitation letter (PDF)")
    )
    assert filename == f"invitation-letter-{consultation.slug}-{ana.pk}.pdf"
    assert letter.startswith(b"%PDF-")
    text = _pdf_text(letter)
    assert "Invitation letter" in text
    assert (
        "is pleased to confirm that Ana Mamani, Programme officer, of Red Migrante Andina" in text
    )
    assert f"registered as a delegate to the {TITLE}" in text

    filename, certificate = _download_pdf(
        page, ana_row.get_by_role("link", name="Certificate of attendance (PDF)")
    )
    assert filename == f"certificate-{consultation.slug}-{ana.pk}.pdf"
    assert certificate.startswith(b"%PDF-")
    text = _pdf_text(certificate)
    assert "Certificate of attendance" in text
    assert f"certify that Ana Mamani, of Red Migrante Andina, attended the {TITLE}" in text
    assert "Luis Condori" not in text

    # --- The consultation's page: the follow-up and every document --------------------------
    click_and_wait(page, page.get_by_role("link", name=TITLE, exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    follow_up = page.get_by_role("region", name="Follow-up: outcomes and action points")
    for point, owner, status in ACTION_POINTS:
        point_row = follow_up.get_by_role("row", name=re.compile(re.escape(point)))
        expect(point_row).to_contain_text(owner)
        expect(point_row).to_contain_text(status)
    documents = page.get_by_role("region", name="Documents")
    expect(documents.get_by_role("listitem")).to_have_text(
        [f"{REPORT_TITLE} (Report)", f"{PRESENTATIONS_TITLE} (Presentation, participants only)"]
    )
    assert_accessible(page)
    with page.expect_download() as download:
        documents.get_by_role("link", name=PRESENTATIONS_TITLE).click()
    assert download.value.suggested_filename == "presentations.pdf"
    assert Path(download.value.path()).read_bytes() == PDF_BYTES

    # --- A visitor sees the public report only -----------------------------------------------
    other = new_page()
    other.goto(consultation.get_absolute_url())
    expect(other.get_by_role("link", name=REPORT_TITLE)).to_be_visible()
    expect(other.get_by_role("link", name=PRESENTATIONS_TITLE)).to_have_count(0)
    expect(
        other.get_by_role("heading", name="Follow-up: outcomes and action points")
    ).to_have_count(0)
    assert_accessible(other)

    # --- Another organization's administrator cannot reach this organization's letters -------
    sign_in(other, outsider.email)
    other.goto(consultation.get_absolute_url())
    expect(other.get_by_role("link", name=REPORT_TITLE)).to_be_visible()
    expect(other.get_by_role("link", name=PRESENTATIONS_TITLE)).to_have_count(0)
    for kind in ("invitation_letter", "certificate"):
        for organization_id in (organization.pk, other_organization.pk):
            url = reverse(
                "consultations:letter",
                kwargs={
                    "slug": consultation.slug,
                    "organization_id": organization_id,
                    "registration_id": ana.pk,
                    "kind": kind,
                },
            )
            response = other.request.get(url)
            assert response.status == 404, (url, response.status)
            assert not response.body().startswith(b"%PDF")
    for url in (
        reverse(
            "consultations:manage",
            kwargs={"slug": consultation.slug, "organization_id": organization.pk},
        ),
        presentations.get_absolute_url(),
    ):
        assert other.request.get(url).status == 404, url
