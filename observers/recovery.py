"""Report builds a dead worker left behind are queued again (beat, every five minutes).

A worker killed with ``kill -9`` keeps its unacknowledged task in Redis until the visibility
timeout (40 minutes); a report "running" on it would wait that long, and one whose task never
reached the broker would wait for a staff member to press "retry". This check re-queues both:
reports still "running" past the build's time limit, and reports "waiting" for longer than
``STUCK_WAITING_AFTER``. ``services.report_build`` is safe to receive twice (a report built
or being built is left alone), so a re-queue that races the original task builds once.
"""

import logging
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from . import services
from .models import EligibilityReport, ReportStatus

logger = logging.getLogger(__name__)

STUCK_WAITING_AFTER = timedelta(minutes=15)


def reports_stuck() -> list[int]:
    """Ids of the reports a worker should be building but is not."""
    now = timezone.now()
    running_limit = now - timedelta(seconds=services.REPORT_BUILD_TIME_LIMIT_SECONDS)
    return list(
        EligibilityReport.objects.filter(
            Q(status=ReportStatus.RUNNING, started_at__lt=running_limit)
            | Q(status=ReportStatus.RUNNING, started_at__isnull=True)
            | Q(status=ReportStatus.PENDING, requested_at__lt=now - STUCK_WAITING_AFTER)
        )
        .order_by("requested_at")
        .values_list("pk", flat=True)[:100]
    )


def reports_requeue_stuck() -> int:
    """Queue the stuck report builds again; returns how many were handed to the broker."""
    from .tasks import build_eligibility_report_task  # tasks import this module

    queued = 0
    for report_id in reports_stuck():
        try:
            build_eligibility_report_task.apply_async(kwargs={"report_id": report_id}, retry=False)
        except Exception:  # noqa: BLE001 - the broker is down: the next check tries again
            logger.warning("could not re-queue stuck report %s", report_id)
            continue
        logger.warning("report %s was stuck; its build is queued again", report_id)
        queued += 1
    return queued
