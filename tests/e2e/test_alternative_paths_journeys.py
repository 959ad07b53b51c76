"""Alternative paths in Chromium: an application declined, one withdrawn, an invitation declined.

Two reviewers disagree and the Council declines an Observer-status application; an
applicant withdraws and starts again; one invited organization declines a consultation
while another, in Spanish, registers delegates up to its limit. Every page the journeys
visit is scanned with axe-core (no serious or critical violation).
"""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from consultations.models import Consultation, Invitation, Registration
from iomcso.core.roles import CONSULTATIONS_OFFICER
from observers import services as observer_services
from observers.models import (
    ApplicationStatus,
    Assessment,
    CouncilDecision,
    Observer,
    ObserverApplication,
)
from partners.choices import MemberRole
from tests.consultations.factories import (
    ConsultationFactory,
    ContactFactory,
    OrganizationMemberFactory,
    VerifiedOrganizationFactory,
    annual_cso_series,
)
from tests.e2e.journey import sign_in
from tests.factories import PASSWORD, StaffUserFactory, UserFactory
from tests.observers.factories import (
    CouncilSessionFactory,
    applicant,
    draft_application,
    reviewer,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _click(page, role: str, name: str, **kwargs) -> None:
    with page.expect_navigation():
        page.get_by_role(role, name=name, **kwargs).click()


def _submitted_application(organization, user) -> ObserverApplication:
    application = draft_application(organization, user)
    observer_services.application_submit(application=application, actor=user)
    return application


def _open_observer_status_page(page) -> None:
    """From the portal's dashboard to the apply page, as an applicant finds it."""
    with page.expect_navigation():
        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="My organization"
        ).click()
    _click(
        page,
        "link",
        "Observer status at the IOM Council: apply or follow your application",
    )


def _assess(page, outcomes: dict[str, str], notes: dict[str, str] | None = None) -> None:
    for criterion, outcome in outcomes.items():
        page.locator(f"#id_outcome_{criterion}").select_option(outcome)
    for criterion, note in (notes or {}).items():
        page.locator(f"#id_note_{criterion}").fill(note)
    _click(page, "button", "Save my assessment")


def _assessment_row(page, criterion_label: str):
    assessments = page.get_by_role("region", name="Assessments")
    return assessments.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=criterion_label, exact=True)
    )


# --- Observer status: two reviewers disagree, the Council declines ------------------------


def test_reviewers_disagree_the_application_is_not_recommended_and_the_council_declines_it(
    new_page, assert_accessible, deliver_outbox
):
    organization, applicant_admin = applicant(name="Frontier Migration Watch")
    application = _submitted_application(organization, applicant_admin)
    first_reviewer = reviewer(full_name="Ines Duarte")
    second_reviewer = reviewer(full_name="Tomas Berg")
    session = CouncilSessionFactory(number=118)

    # --- The first reviewer starts the review and assesses three criteria -----------------
    first_page = new_page()
    sign_in(first_page, first_reviewer.email)
    first_page.goto("/en/observers/review/")
    assert_accessible(first_page)
    _click(first_page, "link", "Frontier Migration Watch")
    _click(first_page, "button", "Start the review")
    expect(first_page.locator("body")).to_contain_text("The review has started.")
    assert_accessible(first_page)
    _assess(
        first_page,
        {"principal_activity": "met", "constitution": "met", "cooperation_history": "met"},
    )
    expect(first_page.locator("body")).to_contain_text("Your assessment is saved (3 criteria).")

    # A recommendation before all five criteria are assessed is refused, naming the others.
    _click(first_page, "button", "Recommend to the Council")
    expect(first_page.locator("body")).to_contain_text(
        "Assess every criterion before making a recommendation. Not assessed: "
        "International, or work beyond national boundaries, Consultative status with ECOSOC."
    )
    assert_accessible(first_page)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW
    _assess(first_page, {"international": "met", "ecosoc": "met"})
    expect(first_page.locator("body")).to_contain_text("Your assessment is saved (5 criteria).")

    # --- The second reviewer, in their own browser, disagrees on the constitution ---------
    second_page = new_page()
    sign_in(second_page, second_reviewer.email)
    second_page.goto(f"/en/observers/review/{application.pk}/")
    assert_accessible(second_page)
    _assess(
        second_page,
        {
            "principal_activity": "met",
            "constitution": "not_met",
            "cooperation_history": "met",
            "international": "met",
            "ecosoc": "met",
        },
        notes={"constitution": "The statutes restrict membership to one country."},
    )
    expect(second_page.locator("body")).to_contain_text("Your assessment is saved (5 criteria).")
    assert_accessible(second_page)
    constitution = _assessment_row(
        second_page, "Aims and purposes in conformity with the IOM Constitution"
    )
    expect(constitution).to_contain_text("Reviewers disagree")
    expect(constitution).to_contain_text(
        "Tomas Berg: The statutes restrict membership to one country."
    )
    expect(constitution).to_contain_text("Ines Duarte")
    expect(_assessment_row(second_page, "Consultative status with ECOSOC")).to_contain_text(
        "Agreed"
    )
    expect(second_page.get_by_text("Reviewers disagree")).to_have_count(1)

    # The second reviewer does not recommend the application.
    second_page.get_by_label("Comment").fill("The constitution criterion is not met.")
    _click(second_page, "button", "Do not recommend")
    expect(second_page.locator("body")).to_contain_text("The application is not recommended.")
    assert_accessible(second_page)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NOT_RECOMMENDED
    assert Assessment.objects.filter(application=application).count() == 10

    # --- Staff record the Council's decision: declined ------------------------------------
    first_page.reload()
    expect(first_page.get_by_role("heading", name="Record the Council's decision")).to_be_visible()
    first_page.get_by_label("Declined", exact=True).check()
    first_page.get_by_label("Council session").select_option(str(session.pk))
    first_page.get_by_label("Decision reference").fill("C/118/RES/4")
    first_page.get_by_label("Date of the decision").fill(session.starts_on.isoformat())
    _click(first_page, "button", "Record the decision")
    expect(first_page.locator("body")).to_contain_text("The Council's decision is recorded.")
    expect(first_page.locator("body")).to_contain_text("Council decision: C/118/RES/4")
    assert_accessible(first_page)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    decision = CouncilDecision.objects.get(application=application)
    assert (decision.granted, decision.session, decision.reference) == (
        False,
        session,
        "C/118/RES/4",
    )

    # --- The applicant finds the outcome in the portal ------------------------------------
    applicant_page = new_page()
    sign_in(applicant_page, applicant_admin.email)
    _open_observer_status_page(applicant_page)
    expect(applicant_page.locator("body")).to_contain_text(
        "Last application: Declined by the Council"
    )
    assert_accessible(applicant_page)
    _click(applicant_page, "link", "Open the last application")
    expect(applicant_page.get_by_role("heading", level=1)).to_contain_text(
        "Observer-status application of Frontier Migration Watch"
    )
    expect(applicant_page.locator(".badge-status-declined")).to_have_text("Declined by the Council")
    expect(applicant_page.get_by_role("link", name="Withdraw the application")).to_have_count(0)
    assert_accessible(applicant_page)

    # It is not on the public list of observers.
    applicant_page.goto("/en/observers/")
    expect(applicant_page.locator("body")).to_contain_text(
        "There are no observer organizations yet."
    )
    expect(applicant_page.locator("main")).not_to_contain_text("Frontier Migration Watch")
    assert_accessible(applicant_page)
    assert not Observer.objects.filter(organization=organization).exists()

    # The applicant was told by email of the recommendation and of the Council's decision.
    deliver_outbox()
    to_applicant = {
        message.subject: message.body
        for message in mail.outbox
        if message.to == [applicant_admin.email]
    }
    not_recommended = (
        "[IOM–CSO] Observer-status application of Frontier Migration Watch: Not recommended"
    )
    declined = (
        "[IOM–CSO] Observer-status application of Frontier Migration Watch: Declined by the Council"
    )
    assert "IOM has not recommended the application" in to_applicant[not_recommended]
    assert "The IOM Council has declined the application." in to_applicant[declined]
    assert f"/en/observers/applications/{application.pk}/" in to_applicant[declined]


# --- Observer status: the applicant withdraws ----------------------------------------------


def test_an_applicant_withdraws_reviewers_can_no_longer_act_and_the_organization_applies_again(
    new_page, assert_accessible
):
    organization, applicant_admin = applicant(name="Sahel Mobility Network")
    application = _submitted_application(organization, applicant_admin)
    staff = reviewer(full_name="Ines Duarte")

    # The reviewer has the application open, ready to start the review.
    reviewer_page = new_page()
    sign_in(reviewer_page, staff.email)
    reviewer_page.goto(f"/en/observers/review/{application.pk}/")
    expect(reviewer_page.get_by_role("button", name="Start the review")).to_be_visible()
    assert_accessible(reviewer_page)

    # --- The applicant withdraws the submitted application --------------------------------
    applicant_page = new_page()
    sign_in(applicant_page, applicant_admin.email)
    _open_observer_status_page(applicant_page)
    expect(applicant_page.locator("body")).to_contain_text("Application in progress: Submitted")
    _click(applicant_page, "link", "Open the application")
    assert_accessible(applicant_page)
    # Withdrawing cannot be undone: the applicant confirms it on its own page.
    _click(applicant_page, "link", "Withdraw the application")
    expect(applicant_page.locator("body")).to_contain_text("Withdrawing cannot be undone")
    assert_accessible(applicant_page)
    _click(applicant_page, "button", "Withdraw the application")
    expect(applicant_page.locator("body")).to_contain_text("Your application has been withdrawn.")
    expect(applicant_page.locator(".badge-status-withdrawn")).to_have_text("Withdrawn")
    expect(applicant_page.get_by_role("link", name="Withdraw the application")).to_have_count(0)
    assert_accessible(applicant_page)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN

    # --- The reviewer's open page can no longer act on it --------------------------------
    _click(reviewer_page, "button", "Start the review")
    expect(reviewer_page.locator("body")).to_contain_text(
        "An application that is “Withdrawn” cannot be moved to “Under review”."
    )
    expect(reviewer_page.locator(".badge-status-withdrawn")).to_have_text("Withdrawn")
    for action in (
        "Start the review",
        "Save my assessment",
        "Request information",
        "Recommend to the Council",
        "Do not recommend",
        "Record the decision",
    ):
        expect(reviewer_page.get_by_role("button", name=action)).to_have_count(0)
    assert_accessible(reviewer_page)

    # Posting straight to the review's addresses is refused too.
    token = reviewer_page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    refused = {
        "assess": "Criteria can only be assessed while the application is under review.",
        "recommend": "An application that is “Withdrawn” cannot be moved to "
        "“Recommended to the Council”.",
        "not_recommend": "An application that is “Withdrawn” cannot be moved to “Not recommended”.",
    }
    for verb, message in refused.items():
        response = reviewer_page.request.post(
            f"/en/observers/review/{application.pk}/{verb}/",
            form={"csrfmiddlewaretoken": token, "outcome_ecosoc": "met", "comment": "Late."},
        )
        # A refused assessment comes back as the page with its form (400); actions redirect.
        assert response.status == (400 if verb == "assess" else 200), (verb, response.status)
        assert message in response.text(), verb
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert not Assessment.objects.filter(application=application).exists()

    # --- The organization starts a new application ---------------------------------------
    _open_observer_status_page(applicant_page)
    expect(applicant_page.locator("body")).to_contain_text("Last application: Withdrawn")
    assert_accessible(applicant_page)
    _click(applicant_page, "button", "Start an application")
    expect(applicant_page.locator("body")).to_contain_text(
        "Your application is started as a draft."
    )
    expect(applicant_page.get_by_role("heading", level=1)).to_contain_text("Step")
    assert_accessible(applicant_page)
    statuses = list(
        organization.observer_applications.order_by("created_at").values_list("status", flat=True)
    )
    assert statuses == [ApplicationStatus.WITHDRAWN, ApplicationStatus.DRAFT]


# --- Consultations: one invitation declined, another answered in Spanish -------------------

TITLE = "Regional Consultation on Human Mobility 2027"
REGISTER_IN_SPANISH = "Inscribir a este delegado"  # "Register this delegate"


def _invitation_link(message) -> str:
    match = re.search(r"https?://\S+/invitation/\S+/", message.body)
    assert match, message.body
    return urlsplit(match.group(0)).path


def _register(page, name: str, email: str) -> None:
    page.fill("#id_full_name", name)
    page.fill("#id_email", email)
    page.fill("#id_position", "Coordinadora")
    page.select_option("#id_preferred_language", "es")
    with page.expect_navigation():
        page.get_by_role("button", name=REGISTER_IN_SPANISH).click()


def test_one_organization_declines_its_invitation_and_another_registers_in_spanish_up_to_its_limit(
    new_page, assert_accessible, deliver_outbox
):
    annual_cso_series()
    consultation = ConsultationFactory(
        title=TITLE,
        slug="regional-consultation-2027",
        eligibility=Consultation.Eligibility.INVITED,
        max_delegates_per_organization=2,
    )
    spanish = VerifiedOrganizationFactory(name="Red Mesoamericana de Migrantes")
    spanish_focal = UserFactory(
        email="coordinacion@redmesoamericana.example.org",
        full_name="Lucía Hernández",
        language="es",
    )
    OrganizationMemberFactory(organization=spanish, user=spanish_focal, role=MemberRole.EDITOR)
    ContactFactory(
        organization=spanish, email=spanish_focal.email, languages=["es"], is_primary=True
    )
    english = VerifiedOrganizationFactory(name="Northern Migration Aid")
    english_focal = UserFactory(
        email="director@northernaid.example.org", full_name="Mary Clarke", language="en"
    )
    OrganizationMemberFactory(
        organization=english, user=english_focal, role=MemberRole.ADMINISTRATOR
    )
    ContactFactory(
        organization=english, email=english_focal.email, languages=["en"], is_primary=True
    )
    officer = StaffUserFactory(full_name="Consultations Officer")
    officer.groups.add(Group.objects.get(name=CONSULTATIONS_OFFICER))

    # --- Staff invite both organizations from the admin's invite page --------------------
    staff_page = new_page()
    sign_in(staff_page, officer.email)
    invite_path = f"/en/admin/consultations/consultation/{consultation.pk}/invite/"
    staff_page.goto(invite_path)
    assert_accessible(staff_page)
    staff_page.get_by_label("Name or acronym").fill("Migra")
    _click(staff_page, "button", "Show organizations")
    expect(staff_page.locator("body")).to_contain_text("2 organizations found")
    assert_accessible(staff_page)
    _click(staff_page, "button", "Send invitations to the ticked organizations")
    expect(staff_page.locator("body")).to_contain_text("2 invitations sent.")
    found = staff_page.get_by_role("table").filter(
        has=staff_page.get_by_role("columnheader", name="Invite", exact=True)
    )
    expect(found.get_by_role("row").filter(has_text="Red Mesoamericana")).to_contain_text("Sent")
    assert_accessible(staff_page)
    invitations = {
        invitation.organization_id: invitation
        for invitation in Invitation.objects.filter(consultation=consultation)
    }
    assert {invitation.status for invitation in invitations.values()} == {"sent"}

    # --- Each contact's invitation is in their own language -----------------------------
    deliver_outbox()
    [spanish_email] = [m for m in mail.outbox if m.to == [spanish_focal.email]]
    [english_email] = [m for m in mail.outbox if m.to == [english_focal.email]]
    assert spanish_email.subject == f"[OIM–OSC] Invitación: {TITLE}"
    assert (
        f"La OIM invita a Red Mesoamericana de Migrantes a la siguiente reunión: {TITLE}."
        in spanish_email.body
    )
    assert "Utilice el enlace de inscripción personal de su organización" in spanish_email.body
    assert english_email.subject == f"[IOM–CSO] Invitation: {TITLE}"
    spanish_link = _invitation_link(spanish_email)
    english_link = _invitation_link(english_email)
    assert spanish_link == (
        f"/es/consultations/{consultation.slug}/invitation/{invitations[spanish.pk].token}/"
    )
    assert english_link.startswith("/en/")

    # --- The English-speaking organization declines through its link -------------------
    english_page = new_page()
    sign_in(english_page, english_focal.email)
    english_page.goto(english_link)
    expect(english_page.get_by_role("heading", level=1)).to_have_text(
        "Delegates of Northern Migration Aid"
    )
    assert_accessible(english_page)
    _click(english_page, "button", "Decline the invitation")
    expect(english_page.locator("body")).to_contain_text("You declined the invitation.")
    expect(english_page.get_by_role("button", name="Decline the invitation")).to_have_count(0)
    expect(english_page.get_by_role("button", name="Register this delegate")).to_have_count(0)
    expect(english_page.locator("main")).to_contain_text(
        "Your organization declined this invitation."
    )
    assert_accessible(english_page)
    assert Invitation.objects.get(pk=invitations[english.pk].pk).status == "declined"

    # --- The Spanish-speaking focal point follows the link: the pages are in Spanish -----
    spanish_page = new_page(locale="es-ES")
    spanish_page.goto(spanish_link)
    expect(spanish_page.locator("html")).to_have_attribute("lang", "es")
    assert_accessible(spanish_page)
    spanish_page.fill("#id_login", spanish_focal.email)
    spanish_page.fill("#id_password", PASSWORD)
    _click(spanish_page, "button", "Iniciar sesión")
    expect(spanish_page.get_by_role("heading", level=1)).to_have_text(
        "Delegados de Red Mesoamericana de Migrantes"
    )
    assert urlsplit(spanish_page.url).path == (
        f"/es/consultations/{consultation.slug}/organizations/{spanish.pk}/"
    )
    expect(spanish_page.locator("html")).to_have_attribute("lang", "es")
    assert_accessible(spanish_page)
    assert Invitation.objects.get(pk=invitations[spanish.pk].pk).status == "opened"

    # A colleague's tab, opened while seats were still free for the organization.
    second_tab = spanish_page.context.new_page()
    second_tab.goto(spanish_page.url)
    expect(second_tab.get_by_role("button", name=REGISTER_IN_SPANISH)).to_be_visible()

    _register(spanish_page, "Ana López", "ana@redmesoamericana.example.org")
    expect(spanish_page.locator("body")).to_contain_text("Ana López está inscrito/a (Confirmada).")
    assert_accessible(spanish_page)
    _register(spanish_page, "Jorge Ramírez", "jorge@redmesoamericana.example.org")
    expect(spanish_page.locator("body")).to_contain_text("Jorge Ramírez está inscrito/a")
    expect(spanish_page.locator("body")).to_contain_text(
        "Su organización ha alcanzado su límite de delegados."
    )
    expect(spanish_page.get_by_role("button", name=REGISTER_IN_SPANISH)).to_have_count(0)
    assert_accessible(spanish_page)

    # One more, from the older tab, is refused with the limit named.
    _register(second_tab, "Sofía Castro", "sofia@redmesoamericana.example.org")
    expect(second_tab.get_by_role("alert")).to_contain_text(
        "Su organización ha alcanzado su límite de 2 delegados."
    )
    assert_accessible(second_tab)
    registered = set(
        Registration.objects.filter(consultation=consultation, organization=spanish).values_list(
            "full_name", "status"
        )
    )
    assert registered == {("Ana López", "confirmed"), ("Jorge Ramírez", "confirmed")}
    assert Invitation.objects.get(pk=invitations[spanish.pk].pk).status == "accepted"
    deliver_outbox()
    [confirmation] = [m for m in mail.outbox if m.to == ["ana@redmesoamericana.example.org"]]
    assert confirmation.subject == f"[OIM–OSC] Inscripción confirmada: {TITLE}"
    assert not [m for m in mail.outbox if m.to == ["sofia@redmesoamericana.example.org"]]

    # --- Staff see who declined and who accepted ---------------------------------------
    staff_page.goto(invite_path)
    expect(
        staff_page.get_by_role("row")
        .filter(has=staff_page.get_by_role("rowheader", name="Northern Migration Aid"))
        .last
    ).to_contain_text("Declined")
    assert_accessible(staff_page)
    staff_page.goto("/en/admin/consultations/invitation/?status__exact=declined")
    results = staff_page.locator("#result_list tbody tr")
    expect(results).to_have_count(1)
    expect(results).to_contain_text("Northern Migration Aid")
    expect(results).to_contain_text("Declined")
    assert_accessible(staff_page)
