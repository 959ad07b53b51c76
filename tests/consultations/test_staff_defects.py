"""Defects found in the consultation officer's day: check-in twice, a tampered check-in form."""

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Registration
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
