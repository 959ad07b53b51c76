"""The demo data reads like years of use: past consultations with delegates, attendance,
agenda, documents and action points; observer applications in every state, with assessments,
Council decisions and the delegates observers sent to each session."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from consultations.models import Consultation, Registration, Series
from iomcso.core.models import TransitionLog
from observers.models import (
    ApplicationStatus,
    Assessment,
    CouncilDecision,
    CouncilSession,
    Observer,
    ObserverApplication,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo_data", stdout=StringIO())


def test_every_past_edition_has_delegates_attendance_agenda_documents_and_action_points(demo):
    today = timezone.localdate()
    for code, first_year in ((Series.ANNUAL_CSO, 2011), (Series.NGO_HUMANITARIAN, 2015)):
        past = Consultation.objects.filter(series__code=code, starts_at__lt=timezone.now())
        assert set(past.values_list("starts_at__year", flat=True)) == set(
            range(first_year, today.year)
        ), code
        for consultation in past.annotate(
            delegates=Count("registrations", distinct=True),
            agenda=Count("sessions", distinct=True),
            papers=Count("documents", distinct=True),
            points=Count("action_points", distinct=True),
        ):
            assert consultation.delegates >= 6, consultation
            assert consultation.agenda
            assert consultation.papers
            assert consultation.points
            assert consultation.invitations.filter(status="accepted").exists()
    registrations = Registration.objects.filter(consultation__starts_at__lt=timezone.now())
    assert set(registrations.values_list("attendance", flat=True)) >= {"present", "no_show"}
    assert registrations.filter(status="cancelled").exists()
    # Registered weeks before the event, by people with names, not "Delegate 1".
    assert not registrations.filter(created_at__gte=timezone.now() - datetime.timedelta(days=1))
    assert registrations.filter(full_name="Grace Wanjiku").exists()


def test_observer_status_has_applications_in_every_state_with_their_history(demo):
    statuses = set(ObserverApplication.objects.values_list("status", flat=True))
    assert statuses >= {
        ApplicationStatus.GRANTED,
        ApplicationStatus.DECLINED,
        ApplicationStatus.WITHDRAWN,
        ApplicationStatus.RECOMMENDED,
        ApplicationStatus.INFORMATION_REQUESTED,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.DRAFT,
    }
    decided = ObserverApplication.objects.filter(
        status__in=[ApplicationStatus.GRANTED, ApplicationStatus.DECLINED]
    )
    assert decided.count() == CouncilDecision.objects.count() >= 4
    for application in decided:
        assert Assessment.objects.filter(application=application).count() == 10  # 2 reviewers
    granted = ObserverApplication.objects.filter(status=ApplicationStatus.GRANTED)
    assert Observer.objects.filter(application__in=granted).count() == granted.count()
    years = {
        moment.year
        for moment in TransitionLog.objects.filter(
            content_type__model="observerapplication",
            object_id__in=ObserverApplication.objects.values("pk"),
        ).values_list("created_at", flat=True)
    }
    assert len(years) >= 5, years


def test_council_sessions_since_2015_with_the_delegates_of_observers(demo):
    sessions = CouncilSession.objects.filter(starts_on__year__gte=2015).annotate(
        people=Count("delegates")
    )
    assert min(session.starts_on.year for session in sessions) == 2015
    held = [session for session in sessions if session.starts_on <= timezone.localdate()]
    assert all(session.people for session in held if session.number >= 108)
    assert any(session.people for session in sessions if session.starts_on > timezone.localdate())


def test_the_demo_history_pages_open(demo, client):
    edition = Consultation.objects.get(slug="annual-cso-consultation-2019")
    page = client.get(edition.get_absolute_url()).content.decode()
    assert "Working groups" in page
    assert "Concept note" in page
    assert client.get("/en/consultations/").status_code == 200
    observers = client.get("/en/observers/").content.decode()
    assert "Caritas Internationalis" in observers
