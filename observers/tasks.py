"""Celery tasks of observer status: they take ids, and running one twice does the work once."""

from celery import shared_task
from django.utils import timezone

from . import recovery, services


@shared_task(
    acks_late=True,
    soft_time_limit=services.REPORT_BUILD_TIME_LIMIT_SECONDS - 100,
    time_limit=services.REPORT_BUILD_TIME_LIMIT_SECONDS,
)
def build_eligibility_report_task(*, report_id: int) -> bool:
    """Build one report; a report already built or being built is left alone."""
    return services.report_build(report_id=report_id)


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150)
def request_monthly_reports_task() -> int:
    """Beat, monthly: ask for last month's applications report and a registry screening."""
    return len(services.monthly_reports_request(today=timezone.localdate()))


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360)
def send_observer_reminders_task() -> int:
    """Beat, daily: idle drafts, unanswered information requests, waiting reviews (once each)."""
    return services.reminders_send()


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def requeue_stuck_reports_task() -> int:
    """Beat, every five minutes: builds a dead worker left "running" (or never got) go again."""
    return recovery.reports_requeue_stuck()
