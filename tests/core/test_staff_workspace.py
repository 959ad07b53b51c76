"""The admin home opens on each staff role's work; technical sections only for system staff."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from iomcso.core.roles import (
    CONSULTATIONS_OFFICER,
    PARTNERSHIPS_OFFICER,
    SYSTEM_ADMINISTRATOR,
)
from observers import services
from observers.models import ApplicationStatus, EligibilityReport, ObserverApplication, ReportKind
from partners.choices import ObservationSeverity
from tests.consultations.factories import (
    ConsultationFactory,
    InvitationFactory,
    RegistrationFactory,
)
from tests.factories import PASSWORD, StaffUserFactory, SuperUserFactory
from tests.observers.factories import (
    applicant,
    application_under_review,
    draft_application,
    reviewer,
)
from tests.partners.factories import OrganizationFactory, StaffObservationFactory

pytestmark = pytest.mark.django_db


def staff_in(group_name: str, **kwargs):
    user = StaffUserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def test_staff_sign_in_lands_on_the_admin_home(client):
    user = staff_in(PARTNERSHIPS_OFFICER)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_registry_officer_home_lists_pending_verifications_oldest_first(client):
    older = OrganizationFactory(name="Older Pending Org")
    newer = OrganizationFactory(name="Newer Pending Org")
    type(older).objects.filter(pk=older.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )
    StaffObservationFactory(organization=newer, severity=ObservationSeverity.SERIOUS)
    page = home(client, staff_in(PARTNERSHIPS_OFFICER))
    assert "Pending verifications, oldest first" in page
    assert page.index("Older Pending Org") < page.index("Newer Pending Org")
    assert "Identity changes to review" in page
    assert "Possible duplicates" in page
    assert "Serious concerns" in page
    assert "Upcoming consultations" not in page


def test_consultation_officer_home_shows_seats_waitlists_and_unanswered_invitations(client):
    consultation = ConsultationFactory(
        title="Annual Consultation 2027",
        starts_at=timezone.now() + datetime.timedelta(days=40),
        capacity=10,
    )
    RegistrationFactory(consultation=consultation, status="confirmed")
    RegistrationFactory(consultation=consultation, status="waitlisted")
    InvitationFactory(consultation=consultation, status="sent")
    page = home(client, staff_in(CONSULTATIONS_OFFICER))
    assert "Annual Consultation 2027" in page
    assert "1 of 10 seats taken" in page
    assert "1 delegate waiting for a seat" in page
    assert "1 invitation without an answer" in page
    assert "Pending verifications" not in page


def test_reviewer_home_puts_their_own_assessments_first_and_links_the_desk(client):
    staff = reviewer()
    first_org, first_admin = applicant(name="Waiting Longest Org")
    second_org, second_admin = applicant(name="Assessed By Me Org")
    application_under_review(first_org, first_admin, staff)
    mine = application_under_review(second_org, second_admin, staff)
    services.assessment_record(
        application=mine, criterion="ecosoc", outcome="met", note="", actor=staff
    )
    page = home(client, staff)
    assert page.index("Assessed By Me Org") < page.index("Waiting Longest Org")
    assert reverse("observers:review_list") in page
    assert "Reviewer desk" in page


def test_reviewer_home_lists_information_requests_overdue(client):
    staff = reviewer()
    organization, admin = applicant(name="Silent Applicant Org")
    application = draft_application(organization, admin)
    ObserverApplication.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.INFORMATION_REQUESTED,
        status_changed_at=timezone.now() - datetime.timedelta(days=20),
    )
    page = home(client, staff)
    assert "Information requests overdue" in page
    assert "Silent Applicant Org" in page


def test_every_staff_member_sees_the_reports_they_requested(client):
    user = staff_in(CONSULTATIONS_OFFICER)
    EligibilityReport.objects.create(kind=ReportKind.APPLICATIONS, requested_by=user)
    EligibilityReport.objects.create(
        kind=ReportKind.REGISTRY_SCREENING, requested_by=StaffUserFactory()
    )
    page = home(client, user)
    assert "Reports you requested" in page
    assert page.count("Registry screening") == 0


def test_technical_sections_are_hidden_from_officers_and_shown_to_system_staff(client):
    officer_page = home(client, staff_in(PARTNERSHIPS_OFFICER))
    assert "/admin/django_celery_beat/" not in officer_page
    assert "/admin/core/outboxmessage/" not in officer_page
    system_page = home(client, staff_in(SYSTEM_ADMINISTRATOR))
    assert "/admin/django_celery_beat/crontabschedule/" in system_page
    assert "/admin/core/outboxmessage/" in system_page
    assert "/admin/sites/site/" in system_page


def test_the_admin_home_has_one_accounts_section(client):
    page = home(client, SuperUserFactory())
    assert page.count(">Accounts</a>") == 1
    assert reverse("admin:dashboard") in page


def test_admin_home_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for index in range(5):
        OrganizationFactory(name=f"Pending {index}")
        ConsultationFactory(starts_at=timezone.now() + datetime.timedelta(days=10 + index))
    client.force_login(SuperUserFactory())
    with django_assert_max_num_queries(40):
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
