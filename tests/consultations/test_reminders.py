"""Reminders: the four kinds, each sent once, also by a real Celery worker on Redis."""

import datetime
import time

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from consultations import services
from consultations.models import Consultation, Invitation, Registration
from consultations.tasks import send_consultation_reminders_task
from iomcso.core.models import OutboxMessage, ReminderLog

from .factories import (
    AgendaSessionFactory,
    ConsultationFactory,
    ContactFactory,
    InvitationFactory,
    RegistrationFactory,
)


def _scenario():
    """Every reminder due now: an open consultation closing tomorrow, starting in two days,
    and one held ten days ago whose report is published and whose survey is set."""
    now = timezone.now()
    upcoming = ConsultationFactory(
        starts_at=now + datetime.timedelta(days=2),
        registration_opens_at=now - datetime.timedelta(days=30),
        registration_closes_at=now + datetime.timedelta(days=1),
    )
    AgendaSessionFactory(consultation=upcoming, title="Opening plenary")
    unanswered = InvitationFactory(consultation=upcoming)
    ContactFactory(
        organization=unanswered.organization,
        email="unanswered@example.org",
        languages=["es"],
        is_primary=True,
    )
    started = InvitationFactory(consultation=upcoming, status=Invitation.Status.OPENED)
    ContactFactory(organization=started.organization, email="started@example.org", is_primary=True)
    RegistrationFactory(consultation=upcoming, email="going@example.org")
    RegistrationFactory(
        consultation=upcoming, email="waiting@example.org", status=Registration.Status.WAITLISTED
    )
    past = ConsultationFactory(
        starts_at=now - datetime.timedelta(days=10),
        status=Consultation.Status.REPORT_PUBLISHED,
        feedback_survey_url="https://example.org/survey",
    )
    past.report_published_at = now
    past.save()
    RegistrationFactory(
        consultation=past, email="attended@example.org", attendance=Registration.Attendance.PRESENT
    )
    return upcoming, past


EXPECTED = {
    (services.REMINDER_INVITATION, "unanswered@example.org"),
    (services.REMINDER_INVITATION, "started@example.org"),
    (services.REMINDER_CLOSING, "started@example.org"),
    (services.REMINDER_EVENT, "going@example.org"),
    (services.REMINDER_REPORT, "attended@example.org"),
    (services.REMINDER_FEEDBACK, "attended@example.org"),
}


@pytest.mark.django_db
def test_each_due_reminder_is_sent_once_even_when_run_twice(deliver_outbox):
    upcoming, past = _scenario()
    first = sum(services.consultation_reminders_send(consultation=c) for c in (upcoming, past))
    second = sum(services.consultation_reminders_send(consultation=c) for c in (upcoming, past))
    assert (first, second) == (6, 0)
    assert set(ReminderLog.objects.values_list("kind", "recipient")) == EXPECTED
    assert deliver_outbox() == 6
    assert sorted(message.to[0] for message in mail.outbox) == sorted(r for _, r in EXPECTED)
    spanish = next(m for m in mail.outbox if m.to == ["unanswered@example.org"])
    assert spanish.extra_headers["Content-Language"] == "es"
    invitation = upcoming.invitations.get(organization__contacts__email="unanswered@example.org")
    assert f"/es/consultations/{upcoming.slug}/invitation/{invitation.token}/" in spanish.body
    event = next(m for m in mail.outbox if m.to == ["going@example.org"])
    assert "Opening plenary" in event.body
    filename, content, mimetype = event.attachments[0]
    assert mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(content)
    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == upcoming.title


@pytest.mark.django_db
def test_no_reminder_is_due_outside_its_window():
    now = timezone.now()
    consultation = ConsultationFactory(
        starts_at=now + datetime.timedelta(days=60),
        registration_opens_at=now - datetime.timedelta(days=1),
        registration_closes_at=now + datetime.timedelta(days=30),
    )
    InvitationFactory(consultation=consultation)
    RegistrationFactory(consultation=consultation)
    assert services.consultation_reminders_send(consultation=consultation) == 0


@pytest.mark.django_db
def test_reminder_timings_are_per_consultation():
    now = timezone.now()
    consultation = ConsultationFactory(
        starts_at=now + datetime.timedelta(days=60),
        registration_opens_at=now - datetime.timedelta(days=1),
        registration_closes_at=now + datetime.timedelta(days=12),
        invitation_reminder_days=14,
    )
    invitation = InvitationFactory(consultation=consultation)
    ContactFactory(organization=invitation.organization, email="x@example.org", is_primary=True)
    assert services.consultation_reminders_send(consultation=consultation) == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_reminder_task_on_a_real_worker_sends_each_email_once(celery_worker):
    from celery.signals import task_postrun

    _scenario()
    finished: list[str] = []

    def count(sender=None, **kwargs):
        if sender is not None and sender.name == send_consultation_reminders_task.name:
            finished.append(kwargs["task_id"])

    task_postrun.connect(count, weak=False)
    try:
        for run in (1, 2):
            send_consultation_reminders_task.delay()
            deadline = time.monotonic() + 30
            while len(finished) < run and time.monotonic() < deadline:
                time.sleep(0.1)
        assert len(finished) == 2
        deadline = time.monotonic() + 30
        while (
            OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).exists()
            and time.monotonic() < deadline
        ):
            time.sleep(0.2)
        # Leave a wrongly repeated delivery the time to show up before counting.
        time.sleep(1.0)
    finally:
        task_postrun.disconnect(count)
    sent = sorted((message.to[0], message.subject) for message in mail.outbox)
    assert len(sent) == len(EXPECTED)
    assert len(set(sent)) == len(sent)
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == len(EXPECTED)
    assert set(ReminderLog.objects.values_list("kind", "recipient")) == EXPECTED
