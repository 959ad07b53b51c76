"""Reminders to applicants whose application waits on them."""

from datetime import timedelta

from django.utils import timezone

from iomcso.core.services import reminder_send_once

from .. import selectors
from ..models import (
    ApplicationStatus,
    ObserverApplication,
)
from .workflow import _url

S = ApplicationStatus


def reminders_send(*, now=None) -> int:
    """Idle drafts (30 days), unanswered information requests (14 days), and applications
    waiting for reviewers (10 days). Each once per period: the period is the day the
    application last changed, so a new idle spell earns a new reminder, a rerun none."""
    now = now or timezone.now()
    sent = 0
    drafts = ObserverApplication.objects.filter(
        status=S.DRAFT, updated_at__lt=now - timedelta(days=30)
    )
    for application in drafts.select_related("organization"):
        sent += _remind_applicant(application, "observer_draft_idle", application.updated_at)
    waiting_answer = ObserverApplication.objects.filter(
        status=S.INFORMATION_REQUESTED, status_changed_at__lt=now - timedelta(days=14)
    )
    for application in waiting_answer.select_related("organization"):
        sent += _remind_applicant(
            application, "observer_information_overdue", application.status_changed_at
        )
    waiting_review = ObserverApplication.objects.filter(
        status__in=[S.SUBMITTED, S.RESUBMITTED, S.UNDER_REVIEW],
        status_changed_at__lt=now - timedelta(days=10),
    )
    reviewers = selectors.reviewer_recipients()
    for application in waiting_review.select_related("organization"):
        since = application.status_changed_at
        if since is None:  # never: the filter above excludes applications without one
            continue
        for user in reviewers:
            sent += reminder_send_once(
                kind="observer_review_waiting",
                recipient=user.email,
                subject_key=f"observer_application:{application.pk}",
                period=since.date().isoformat(),
                template="observers/reminder_reviewer",
                context={
                    "organization_name": application.organization.name,
                    "status": ApplicationStatus(application.status).label,
                    "since": since.date(),
                    "url": _url("observers:review_detail", user.language, pk=application.pk),
                },
                language=user.language,
            )
    return sent


def _remind_applicant(application: ObserverApplication, kind: str, since) -> int:
    sent = 0
    for user in selectors.applicant_recipients(application=application):
        sent += reminder_send_once(
            kind=kind,
            recipient=user.email,
            subject_key=f"observer_application:{application.pk}",
            period=since.date().isoformat(),
            template="observers/reminder_applicant",
            context={
                "kind": kind,
                "organization_name": application.organization.name,
                "information_request": application.information_request,
                "since": since.date(),
                "url": _url("observers:application_detail", user.language, pk=application.pk),
            },
            language=user.language,
        )
    return sent
