"""Recording a Council decision: sessions shown with dates, a date that is accepted by default,
and never a decision (or an Observer status) dated in the future."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from observers import services
from observers.forms import DecisionForm
from observers.models import EligibilityReport, Observer, ReportKind
from tests.factories import SuperUserFactory, UserFactory
from tests.observers.factories import (
    CouncilSessionFactory,
    applicant,
    application_under_review,
    assess_all,
    reviewer,
)

pytestmark = pytest.mark.django_db


def test_the_session_list_shows_each_sessions_dates():
    CouncilSessionFactory(
        number=116, starts_on=datetime.date(2025, 11, 25), ends_on=datetime.date(2025, 11, 27)
    )
    form = DecisionForm()
    select = str(form["session"])
    assert "116th Session of the Council, Nov. 25, 2025 – Nov. 27, 2025" in select, select


def test_the_decision_date_defaults_to_the_latest_sessions_first_day_and_is_accepted():
    CouncilSessionFactory(
        number=115, starts_on=datetime.date(2024, 11, 26), ends_on=datetime.date(2024, 11, 28)
    )
    latest = CouncilSessionFactory(
        number=116, starts_on=datetime.date(2025, 11, 25), ends_on=datetime.date(2025, 11, 27)
    )
    form = DecisionForm()
    assert form.fields["session"].initial == latest.pk
    assert form.fields["decided_on"].initial == latest.starts_on
    posted = DecisionForm(
        data={
            "decision": "grant",
            "session": form.fields["session"].initial,
            "reference": "C/116/RES/7",
            "decided_on": form.fields["decided_on"].initial.isoformat(),
        }
    )
    assert posted.is_valid(), posted.errors


def test_a_session_still_to_come_cannot_be_chosen():
    today = timezone.localdate()
    future = CouncilSessionFactory(
        number=150,
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=32),
    )
    form = DecisionForm(
        data={
            "decision": "grant",
            "session": future.pk,
            "reference": "C/150/RES/1",
            "decided_on": (today + datetime.timedelta(days=30)).isoformat(),
        }
    )
    assert not form.is_valid()
    assert "session" in form.errors
    assert "future" in str(form.errors["decided_on"])


def test_observer_since_can_never_be_a_future_date():
    staff = reviewer()
    organization, admin = applicant()
    application = application_under_review(organization, admin, staff)
    assess_all(application, staff)
    services.application_recommend(application=application, actor=staff)
    today = timezone.localdate()
    session = CouncilSessionFactory(
        number=151,
        starts_on=today + datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=7),
    )
    with pytest.raises(ValidationError):
        services.application_grant(
            application=application,
            session=session,
            reference="C/151/RES/1",
            decided_on=today + datetime.timedelta(days=5),
            actor=staff,
        )
    assert not Observer.objects.filter(organization=organization).exists()


def test_the_review_page_offers_the_sessions_with_dates(client):
    staff = reviewer()
    organization, admin = applicant()
    application = application_under_review(organization, admin, staff)
    assess_all(application, staff)
    services.application_recommend(application=application, actor=staff)
    CouncilSessionFactory(
        number=116, starts_on=datetime.date(2025, 11, 25), ends_on=datetime.date(2025, 11, 27)
    )
    client.force_login(staff)
    page = client.get(reverse("observers:review_detail", args=[application.pk])).content.decode()
    assert "Nov. 25, 2025" in page
    assert 'value="2025-11-25"' in page


def test_the_reports_requested_by_filter_lists_staff_who_asked_for_reports_only(client):
    staff = reviewer(full_name="Report Asker")
    reviewer(full_name="Never Asked")
    cso_user = UserFactory(full_name="Cso Person")
    EligibilityReport.objects.create(kind=ReportKind.APPLICATIONS, requested_by=staff)
    client.force_login(SuperUserFactory())
    page = client.get(reverse("admin:observers_eligibilityreport_changelist")).content.decode()
    assert f"?requested_by={staff.pk}" in page
    assert "Never Asked" not in page
    assert f"?requested_by={cso_user.pk}" not in page
    filtered = client.get(
        reverse("admin:observers_eligibilityreport_changelist") + "?requested_by=abc"
    )
    assert filtered.status_code == 200
