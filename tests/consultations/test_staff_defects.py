"""Defects found in the consultation officer's day: check-in twice, a tampered check-in form."""

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation, Registration
from tests.factories import SuperUserFactory

from .factories import ConsultationFactory, RegistrationFactory

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
    assert "Not copied: documents, action points and the feedback survey link." in (
        first.content.decode()
    )
    second = staff_client.post(
        changelist, {"action": "clone_action", "_selected_action": [source.pk]}, follow=True
    )
    assert Consultation.objects.filter(cloned_from=source).count() == 1
    assert "was already cloned; nothing was copied again" in second.content.decode()
