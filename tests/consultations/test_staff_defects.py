"""Defects found in the consultation officer's day: check-in twice, a tampered check-in form."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import Consultation, Registration
from tests.factories import SuperUserFactory

from .factories import (
    AgendaSessionFactory,
    ConsultationFactory,
    DocumentFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(SuperUserFactory())
    return client


def test_a_second_check_in_keeps_the_first_arrival_time_and_says_so(staff_client):
    consultation = ConsultationFactory()
    registration = RegistrationFactory(consultation=consultation, full_name="Early Bird")
    url = reverse("admin:consultations_check_in", args=[consultation.pk])
    staff_client.post(url, {"registration": registration.pk, "attendance": "present"})
    registration.refresh_from_db()
    first = timezone.localtime(registration.checked_in_at).replace(hour=8, minute=22)
    Registration.objects.filter(pk=registration.pk).update(checked_in_at=first)

    response = staff_client.post(
        url, {"registration": registration.pk, "attendance": "present"}, follow=True
    )

    registration.refresh_from_db()
    assert registration.checked_in_at == first
    assert "Early Bird is already checked in at 08:22." in response.content.decode()


def test_a_non_numeric_registration_id_is_a_400_with_a_message(staff_client):
    consultation = ConsultationFactory()
    url = reverse("admin:consultations_check_in", args=[consultation.pk])
    for tampered in ["abc", "12a", "²", "9" * 40, ""]:
        response = staff_client.post(url, {"registration": tampered, "attendance": "present"})
        assert response.status_code == 400, tampered
        assert "could not be found on the list" in response.content.decode()


def test_a_no_show_can_still_be_recorded_after_a_check_in(staff_client):
    consultation = ConsultationFactory()
    registration = RegistrationFactory(consultation=consultation)
    url = reverse("admin:consultations_check_in", args=[consultation.pk])
    staff_client.post(url, {"registration": registration.pk, "attendance": "present"})
    staff_client.post(url, {"registration": registration.pk, "attendance": "no_show"})
    registration.refresh_from_db()
    assert registration.attendance == Registration.Attendance.NO_SHOW
    assert registration.checked_in_at is None


def test_cloning_the_same_consultation_twice_warns_and_makes_no_second_draft(staff_client):
    source = ConsultationFactory(title="Annual Consultation 2026")
    changelist = reverse("admin:consultations_consultation_changelist")
    first = staff_client.post(
        changelist, {"action": "clone_action", "_selected_action": [source.pk]}, follow=True
    )
    assert "Not copied: documents" in first.content.decode()
    second = staff_client.post(
        changelist, {"action": "clone_action", "_selected_action": [source.pk]}, follow=True
    )
    assert Consultation.objects.filter(cloned_from=source).count() == 1
    assert "was already cloned; nothing was copied again" in second.content.decode()


def test_a_clone_moves_the_dates_and_agenda_times_on_by_a_year():
    zone = zoneinfo.ZoneInfo("Europe/Zurich")
    source = ConsultationFactory(
        title="Annual CSO Consultation 2026",
        time_zone="Europe/Zurich",
        starts_at=datetime.datetime(2026, 6, 10, 9, 0, tzinfo=zone),
        ends_at=datetime.datetime(2026, 6, 11, 17, 0, tzinfo=zone),
    )
    AgendaSessionFactory(
        consultation=source,
        title="Opening",
        starts_at=datetime.datetime(2026, 6, 10, 9, 30, tzinfo=zone),
        ends_at=datetime.datetime(2026, 6, 10, 10, 30, tzinfo=zone),
    )

    clone = services.consultation_clone(source=source, actor=SuperUserFactory())

    assert clone.title == "Annual CSO Consultation 2027"
    assert clone.starts_at == datetime.datetime(2027, 6, 10, 9, 0, tzinfo=zone)
    assert clone.ends_at == datetime.datetime(2027, 6, 11, 17, 0, tzinfo=zone)
    session = clone.sessions.get()
    assert session.starts_at == datetime.datetime(2027, 6, 10, 9, 30, tzinfo=zone)
    assert session.ends_at == datetime.datetime(2027, 6, 10, 10, 30, tzinfo=zone)


def test_cloning_an_undated_clone_moves_its_year_on_instead_of_adding_one():
    undated = ConsultationFactory(
        title="Regional Dialogue 2026", starts_at=None, ends_at=None, status="draft"
    )
    clone = services.consultation_clone(source=undated, actor=SuperUserFactory())
    assert clone.title == "Regional Dialogue 2027"
    again = services.consultation_clone(source=clone, actor=SuperUserFactory())
    assert again.title == "Regional Dialogue 2028"


def test_documents_are_copied_when_staff_ask_for_them(staff_client):
    source = ConsultationFactory()
    DocumentFactory(consultation=source, title="Concept note")
    staff_client.post(
        reverse("admin:consultations_consultation_changelist"),
        {"action": "clone_with_documents_action", "_selected_action": [source.pk]},
    )
    clone = Consultation.objects.get(cloned_from=source)
    document = clone.documents.get()
    assert document.title == "Concept note"
    with document.file.open("rb") as handle:
        assert handle.read()
