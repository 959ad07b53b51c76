"""Celery tasks of consultations: load by id, do nothing when the work is already done."""

import logging

from celery import shared_task
from django.db import OperationalError

from . import services
from .models import Consultation

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    soft_time_limit=240,
    time_limit=300,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def send_consultation_reminders_task() -> int:
    """Periodic (beat): close registrations past their date, then send the reminders due.

    Safe to run twice: a closed registration is not closed again and each reminder is
    guarded by its ReminderLog row.
    """
    services.consultations_close_due_registrations()
    sent = 0
    for consultation_id in list(services.consultations_needing_reminders()):
        sent += send_reminders_for_consultation(consultation_id=consultation_id)
    logger.info("consultation reminders queued: %s", sent)
    return sent


def send_reminders_for_consultation(*, consultation_id: int) -> int:
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None:
        return 0
    return services.consultation_reminders_send(consultation=consultation)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def send_consultation_reminders_for_task(*, consultation_id: int) -> int:
    """The same for one consultation (staff may trigger it from the admin)."""
    return send_reminders_for_consultation(consultation_id=consultation_id)
