import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from observers import services
from observers.models import Assessment, EligibilityReport, Observer, ReportKind
from partners.choices import ObservationSeverity
from partners.models import OrganizationDocument
from tests.factories import StaffUserFactory, UserFactory
from tests.observers.factories import (
    PDF_BYTES,
    CouncilSessionFactory,
    applicant,
    application_under_review,
    assess_all,
    draft_application,
    reviewer,
    upcoming_session,
)
from tests.partners.factories import StaffObservationFactory, VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db


def test_an_outsider_gets_404_for_every_page_of_another_organizations_application(client):
    organization, admin = applicant()
    application = draft_application(organization, admin)
    document = OrganizationDocument.objects.get(organization=organization)
    outsider_organization, outsider = applicant()
    client.force_login(outsider)

    urls = [
        ("get", reverse("observers:application_detail", args=[application.pk])),
        ("get", reverse("observers:application_step", args=[application.pk, "ecosoc"])),
        ("post", reverse("observers:application_submit", args=[application.pk])),
        ("get", reverse("observers:application_withdraw", args=[application.pk])),
        ("post", reverse("observers:application_withdraw", args=[application.pk])),
        ("post", reverse("observers:application_resubmit", args=[application.pk])),
        ("get", reverse("observers:evidence_download", args=[application.pk, document.pk])),
        ("get", reverse("observers:delegates", args=[organization.pk])),
    ]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url
    application.refresh_from_db()
    assert application.status == "draft"


def test_the_step_form_saves_a_draft_and_reuses_profile_documents(client):
    organization, admin = applicant()
    application = draft_application(organization, admin, statements=False)
    letter = OrganizationDocument.objects.get(organization=organization)
    client.force_login(admin)
    url = reverse("observers:application_step", args=[application.pk, "ecosoc"])

    page = client.get(url)
    assert "ECOSOC letter on file" in page.content.decode()  # the pre-check, shown before submit
    response = client.post(
        url, {"statement": "Special status since 2012.", "documents": [letter.pk], "save": ""}
    )

    assert response.status_code == 302
    assert response["Location"] == url
    statement = application.statements.get(criterion="ecosoc")
    assert statement.statement == "Special status since 2012."
    assert list(statement.documents.all()) == [letter]
    second_visit = client.get(url).content.decode()
    assert "Special status since 2012." in second_visit


def test_save_and_continue_goes_to_the_next_criterion(client):
    organization, admin = applicant()
    application = draft_application(organization, admin, statements=False)
    client.force_login(admin)

    response = client.post(
        reverse("observers:application_step", args=[application.pk, "principal_activity"]),
        {"statement": "Migration is our purpose.", "next": ""},
    )

    assert response["Location"] == reverse(
        "observers:application_step", args=[application.pk, "constitution"]
    )


def test_an_executable_renamed_pdf_is_refused_and_nothing_is_saved(client):
    organization, admin = applicant()
    application = draft_application(organization, admin, statements=False)
    client.force_login(admin)
    documents_before = OrganizationDocument.objects.count()

    response = client.post(
        reverse("observers:application_step", args=[application.pk, "constitution"]),
        {
            "statement": "See statutes.",
            "upload": SimpleUploadedFile("statutes.pdf", b"MZ\x90\x00" + b"\x00" * 200),
            "upload_kind": "statutes",
            "save": "",
        },
    )

    assert response.status_code == 200
    assert "This file type is not accepted" in response.content.decode()
    assert OrganizationDocument.objects.count() == documents_before
    assert application.statements.get(criterion="constitution").statement == ""


def test_a_new_upload_joins_the_profile_and_the_statement(client):
    organization, admin = applicant()
    application = draft_application(organization, admin, statements=False)
    client.force_login(admin)

    client.post(
        reverse("observers:application_step", args=[application.pk, "constitution"]),
        {
            "statement": "See statutes.",
            "upload": SimpleUploadedFile("statutes.pdf", PDF_BYTES),
            "upload_kind": "statutes",
            "save": "",
        },
    )

    document = OrganizationDocument.objects.get(organization=organization, kind="statutes")
    assert list(application.statements.get(criterion="constitution").documents.all()) == [document]


def test_submitting_with_an_empty_statement_shows_a_clear_message(client):
    organization, admin = applicant()
    application = draft_application(organization, admin, statements=False)
    client.force_login(admin)

    response = client.post(
        reverse("observers:application_submit", args=[application.pk]), follow=True
    )

    assert "Write a statement for every criterion before submitting" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "draft"


def test_the_apply_page_links_to_the_last_decided_application_and_offers_a_new_one(client):
    organization, admin = applicant(name="Declined Applicant Org")
    staff = reviewer()
    application = application_under_review(organization, admin, staff)
    assess_all(application, staff, outcome="not_met")
    services.application_not_recommend(application=application, actor=staff)
    session = CouncilSessionFactory()
    services.application_decline(
        application=application,
        session=session,
        reference="C/RES/1",
        decided_on=session.starts_on,
        actor=staff,
    )
    client.force_login(admin)

    content = client.get(reverse("observers:apply")).content.decode()

    assert "Last application: <strong>Declined by the Council</strong>" in content
    assert f'href="{application.get_absolute_url()}">Open the last application' in content
    assert "Start an application" in content


@pytest.mark.parametrize("organization", ["abc", "1.5", "²"])
def test_starting_an_application_for_a_malformed_organization_id_is_a_404(client, organization):
    _organization, admin = applicant()
    client.force_login(admin)

    response = client.post(reverse("observers:apply"), {"organization": organization})

    assert response.status_code == 404


def test_the_apply_page_shows_the_application_in_progress_rather_than_the_last_one(client):
    organization, admin = applicant()
    withdrawn = draft_application(organization, admin)
    services.application_withdraw(application=withdrawn, actor=admin)
    current = draft_application(organization, admin)
    client.force_login(admin)

    content = client.get(reverse("observers:apply")).content.decode()

    assert "Application in progress: <strong>Draft</strong>" in content
    assert current.get_absolute_url() in content
    assert "Open the last application" not in content


def test_the_public_page_lists_current_observers_only(client):
    session = CouncilSessionFactory()
    current = VerifiedOrganizationFactory(name="Current Observer Org")
    former = VerifiedOrganizationFactory(name="Former Observer Org")
    Observer.objects.create(organization=current, since=session.starts_on, session=session)
    ended = Observer.objects.create(organization=former, since=session.starts_on, session=session)
    services.observer_end(
        observer=ended, reason="Merged", ended_on=datetime.date(2031, 1, 1), actor=None
    )

    content = client.get(reverse("observers:index")).content.decode()

    assert "Current Observer Org" in content
    assert "Former Observer Org" not in content


def test_the_review_page_shows_an_unresolved_serious_concern(client):
    organization, admin = applicant()
    staff = reviewer()
    application = application_under_review(organization, admin, staff)
    client.force_login(staff)
    url = reverse("observers:review_detail", args=[application.pk])
    assert "Serious concern" not in client.get(url).content.decode()

    StaffObservationFactory(organization=organization, severity=ObservationSeverity.SERIOUS)

    assert "Serious concern" in client.get(url).content.decode()
    assert "Serious concern" in client.get(reverse("observers:review_list")).content.decode()


def test_review_pages_are_for_observer_status_reviewers_only(client):
    organization, admin = applicant()
    application = application_under_review(organization, admin, reviewer())
    url = reverse("observers:review_detail", args=[application.pk])

    client.force_login(StaffUserFactory())
    assert client.get(url).status_code == 403
    client.force_login(admin)
    assert client.get(url).status_code == 403
    response = client.post(reverse("observers:review_action", args=[application.pk, "recommend"]))
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == "under_review"


def test_reports_download_for_staff_with_permission_only(client, run_on_commit):
    staff = reviewer()
    VerifiedOrganizationFactory()
    report = EligibilityReport.objects.create(
        kind=ReportKind.REGISTRY_SCREENING, requested_by=staff
    )
    services.report_build(report_id=report.pk)
    url = reverse("observers:report_download", args=[report.pk, "xlsx"])

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(StaffUserFactory())
    assert client.get(url).status_code == 404
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_observer_delegates_are_listed_without_voting_rights(client):
    organization, admin = applicant()
    session = upcoming_session()
    Observer.objects.create(
        organization=organization, since=datetime.date(2024, 1, 1), session=session
    )
    client.force_login(admin)
    url = reverse("observers:delegates", args=[organization.pk])

    response = client.post(
        url, {"session": session.pk, "name": "Ana Ruiz", "email": "ana@example.org"}, follow=True
    )

    content = response.content.decode()
    assert "Ana Ruiz" in content
    assert "no voting rights" in content
    client.force_login(reviewer())
    staff_list = client.get(reverse("observers:session_delegates", args=[session.pk]))
    assert "Ana Ruiz" in staff_list.content.decode()
    assert "no voting rights" in staff_list.content.decode()


def test_the_review_page_shows_when_two_reviewers_disagree(client):
    from tests.observers.factories import assess_all

    organization, admin = applicant()
    first, second = reviewer(), reviewer()
    application = application_under_review(organization, admin, first)
    assess_all(application, first, "met")
    client.force_login(second)
    url = reverse("observers:review_detail", args=[application.pk])
    assert "Reviewers disagree" not in client.get(url).content.decode()

    client.post(
        reverse("observers:review_assess", args=[application.pk]),
        {"outcome_ecosoc": "not_met", "note_ecosoc": "Letter expired."},
    )

    content = client.get(url).content.decode()
    assert content.count("Reviewers disagree") == 1
    assert "Letter expired." in content


def test_withdrawing_asks_for_confirmation_before_anything_changes(client):
    organization, admin = applicant()
    application = draft_application(organization, admin)
    client.force_login(admin)
    url = reverse("observers:application_withdraw", args=[application.pk])

    confirmation = client.get(url)

    assert confirmation.status_code == 200
    assert "Withdrawing cannot be undone" in confirmation.content.decode()
    application.refresh_from_db()
    assert application.status == "draft"

    client.post(url, {"comment": "We will apply next year."})

    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert "no longer be withdrawn" in client.get(url).content.decode()


def test_a_note_without_an_outcome_is_refused_and_nothing_is_saved(client):
    organization, admin = applicant()
    staff = reviewer()
    application = application_under_review(organization, admin, staff)
    client.force_login(staff)

    response = client.post(
        reverse("observers:review_assess", args=[application.pk]),
        {
            "outcome_international": "met",
            "note_international": "Works in three countries.",
            "outcome_ecosoc": "",
            "note_ecosoc": "Letter looks genuine.",
        },
        follow=True,
    )

    assert "choose an outcome to keep your note" in response.content.decode()
    # The whole assessment waits: the note is not silently dropped, nor half of it saved.
    assert not Assessment.objects.filter(application=application).exists()


def test_an_assessment_of_several_criteria_is_saved_in_one_go(client):
    organization, admin = applicant()
    staff = reviewer()
    application = application_under_review(organization, admin, staff)
    client.force_login(staff)

    client.post(
        reverse("observers:review_assess", args=[application.pk]),
        {"outcome_international": "met", "outcome_ecosoc": "unclear", "note_ecosoc": "Ask."},
    )

    saved = dict(
        Assessment.objects.filter(application=application).values_list("criterion", "outcome")
    )
    assert saved == {"international": "met", "ecosoc": "unclear"}


def test_a_refused_council_decision_keeps_what_staff_typed(client):
    organization, admin = applicant()
    staff = reviewer()
    application = application_under_review(organization, admin, staff)
    assess_all(application, staff)
    services.application_recommend(application=application, actor=staff)
    session = CouncilSessionFactory()
    client.force_login(staff)

    response = client.post(
        reverse("observers:review_decide", args=[application.pk]),
        {
            "decision": "grant",
            "session": session.pk,
            "reference": "C/117/RES/9",
            "decided_on": "2026-13-45",  # no such date
            "comment": "Adopted by consensus.",
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="C/117/RES/9"' in page
    assert "Adopted by consensus." in page
    application.refresh_from_db()
    assert application.status == "recommended"
