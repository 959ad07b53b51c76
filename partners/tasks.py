from celery import shared_task

from partners.portal.services import profile_confirmation_reminders_send


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def send_profile_confirmation_reminders_task() -> int:
    """Yearly 'is your profile up to date?' reminders; safe to run twice (sent-once log)."""

    return profile_confirmation_reminders_send()


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1900)
def publish_open_data_task() -> int:
    """Nightly: the verified directory as CSV and JSON; safe to run twice (same files)."""
    from partners.opendata import open_data_publish

    return open_data_publish()["organizations"]
