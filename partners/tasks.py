from celery import shared_task

from partners.portal.services import profile_confirmation_reminders_send


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def send_profile_confirmation_reminders_task() -> int:
    """Yearly 'is your profile up to date?' reminders; safe to run twice (sent-once log)."""

    return profile_confirmation_reminders_send()
