"""Writes of the portal core: the email outbox and the sent-once reminder log."""

import datetime
import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .emails import normalise_language, render_email
from .models import OutboxMessage, ReminderLog, WorkerHeartbeat
from .personal_data import email_matches, user_email_addresses

logger = logging.getLogger(__name__)

MAX_DELIVERY_ATTEMPTS = 8
# The delivery task's hard time limit: an attempt started longer ago than this has died.
DELIVERY_TIME_LIMIT_SECONDS = 30


def email_queue(
    *,
    to: str | Iterable[str],
    template: str,
    context: dict,
    language: str | None,
    attachments: list[dict] | None = None,
) -> OutboxMessage:
    """Write an email to the outbox inside the caller's transaction.

    Delivery is dispatched only after commit: a rolled-back change sends nothing,
    and a broker outage leaves the row pending for the sweep.
    ``attachments`` is a list of ``{"filename", "content" (text), "mimetype"}``.
    """
    language = normalise_language(language)
    rendered = render_email(template=template, context=context, language=language)
    return email_queue_rendered(
        to=to,
        subject=rendered.subject,
        body_text=rendered.body_text,
        body_html=rendered.body_html,
        language=language,
        template=template,
        attachments=attachments,
    )


def email_queue_rendered(
    *,
    to: str | Iterable[str],
    subject: str,
    body_text: str,
    body_html: str,
    language: str,
    template: str = "",
    attachments: list[dict] | None = None,
) -> OutboxMessage:
    """Write an already rendered email (allauth's, for one) to the outbox.

    Every email goes out as text and HTML: a text-only one gets the HTML shell around its text.
    """
    recipients = [to] if isinstance(to, str) else [address for address in to if address]
    if not body_html.strip():
        with translation.override(language):
            body_html = render_to_string(
                "emails/_text_as_html.html",
                {
                    "subject": subject,
                    "body_text": body_text,
                    "language": language,
                    "site_url": settings.SITE_URL,
                },
            )
    message = OutboxMessage.objects.create(
        to=recipients,
        subject=subject[:255],
        body_text=body_text,
        body_html=body_html,
        language=language,
        template=template,
        attachments=attachments or [],
    )
    transaction.on_commit(lambda: outbox_message_dispatch(message_id=message.pk))
    return message


def outbox_message_dispatch(*, message_id: int) -> bool:
    """Hand a message to Celery; on a broker error leave it for the sweep. Never raises.

    The hand-over is recorded (``dispatched_at``) so the sweep does not dispatch it again
    while the worker may still be on its way to it.
    """
    from .tasks import deliver_outbox_message_task  # cycle: the task calls these services

    try:
        deliver_outbox_message_task.apply_async(kwargs={"message_id": message_id}, retry=False)
    except Exception:  # noqa: BLE001 - any broker failure: the sweep retries later
        logger.warning("outbox dispatch failed; message %s stays pending", message_id)
        OutboxMessage.objects.filter(pk=message_id).update(dispatched_at=None)
        return False
    OutboxMessage.objects.filter(pk=message_id, status=OutboxMessage.Status.PENDING).update(
        dispatched_at=timezone.now()
    )
    return True


def outbox_message_id(message: OutboxMessage) -> str:
    """The Message-ID of every copy of this email: stable, so a re-send can be deduplicated."""
    domain = urlsplit(settings.SITE_URL).hostname or "iomcso.invalid"
    return f"<outbox.{message.pk}.{int(message.created_at.timestamp())}@{domain}>"


def _retry_delay(attempts: int) -> datetime.timedelta:
    """30 s, 1 min, 2 min… up to an hour: eight attempts cover about an hour of SMTP outage."""
    return datetime.timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def outbox_message_deliver(*, message_id: int) -> bool:
    """Send one pending message and mark it sent. Returns False when there was nothing to do.

    The attempt is recorded in its own transaction *before* the SMTP send (``attempts``,
    ``sending_since``), so a worker killed between the send and the commit leaves a trace: the
    next attempt is logged as a re-send and carries the same Message-ID (the recipient's
    mail system can drop the copy). While an attempt is under way (less than the task's time
    limit ago), another worker given the same id does nothing.
    """
    now = timezone.now()
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxMessage.Status.PENDING)
            .first()
        )
        if message is None:
            return False
        in_flight_since = now - datetime.timedelta(seconds=DELIVERY_TIME_LIMIT_SECONDS)
        if message.sending_since and message.sending_since > in_flight_since:
            return False
        if message.next_attempt_at and message.next_attempt_at > now:
            return False
        interrupted = message.sending_since is not None
        message.attempts += 1
        message.sending_since = now
        if interrupted:
            message.last_error = (
                f"attempt {message.attempts - 1} was interrupted (worker died?); "
                f"attempt {message.attempts} is a re-send"
            )
        message.save(update_fields=["attempts", "sending_since", "last_error"])
    if interrupted:
        logger.warning(
            "outbox message %s: attempt %d re-sends after an interrupted attempt "
            "(the recipient may get it twice, with the same Message-ID %s)",
            message.pk,
            message.attempts,
            outbox_message_id(message),
        )
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.to,
        headers={
            "Message-ID": outbox_message_id(message),
            "Content-Language": message.language,
            "X-Outbox-Attempt": str(message.attempts),
        },
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    try:
        email.send()
    except Exception as error:  # noqa: BLE001 - an SMTP failure is recorded, then retried
        failed = message.attempts >= MAX_DELIVERY_ATTEMPTS
        OutboxMessage.objects.filter(pk=message.pk).update(
            last_error=str(error)[:2000],
            sending_since=None,
            next_attempt_at=timezone.now() + _retry_delay(message.attempts),
            status=OutboxMessage.Status.FAILED if failed else OutboxMessage.Status.PENDING,
        )
        logger.exception("outbox delivery failed for message %s", message.pk)
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENT,
        sent_at=timezone.now(),
        sending_since=None,
        last_error="" if not interrupted else message.last_error,
    )
    logger.info(
        "outbox message %s sent to %d recipient(s) (template=%s language=%s attempt=%d)",
        message.pk,
        len(message.to),
        message.template or "-",
        message.language,
        message.attempts,
    )
    return True


def outbox_dispatch_pending(*, older_than_seconds: int = 15, limit: int = 500) -> int:
    """Re-dispatch pending messages that no worker has delivered yet (the sweep, every 15 s).

    It takes messages older than ``older_than_seconds`` whose dispatch failed (the broker was
    down), or which were handed over longer than ``OUTBOX_REDISPATCH_AFTER_SECONDS`` ago and
    are still pending (the task was lost with a Redis restart or a killed worker), or whose
    attempt died mid-way, once their backoff has passed. Rows are claimed with ``FOR UPDATE
    SKIP LOCKED`` and stamped, so two sweeps running at once never dispatch the same row.
    """
    now = timezone.now()
    redispatch_after = datetime.timedelta(seconds=settings.OUTBOX_REDISPATCH_AFTER_SECONDS)
    in_flight_since = now - datetime.timedelta(seconds=DELIVERY_TIME_LIMIT_SECONDS)
    with transaction.atomic():
        message_ids = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(
                status=OutboxMessage.Status.PENDING,
                created_at__lte=now - datetime.timedelta(seconds=older_than_seconds),
            )
            .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lte=now - redispatch_after))
            .filter(Q(sending_since__isnull=True) | Q(sending_since__lte=in_flight_since))
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .order_by("created_at")
            .values_list("pk", flat=True)[:limit]
        )
        OutboxMessage.objects.filter(pk__in=message_ids).update(dispatched_at=now)
    for message_id in message_ids:
        outbox_message_dispatch(message_id=message_id)
    return len(message_ids)


def worker_heartbeat_record(*, worker: str) -> None:
    """A worker ran the heartbeat task now (see /healthz)."""
    WorkerHeartbeat.objects.update_or_create(
        worker=worker[:200], defaults={"seen_at": timezone.now()}
    )


def reminder_send_once(
    *,
    kind: str,
    recipient: str,
    subject_key: str,
    period: str,
    template: str,
    context: dict,
    language: str | None,
    attachments: list[dict] | None = None,
) -> bool:
    """Queue a reminder unless the same (kind, recipient, subject, period) was already sent.

    The log row and the outbox row commit together, so a task redelivered after a
    crash finds the row and sends nothing twice. Returns True when queued now.
    """
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(
                kind=kind, recipient=recipient.lower(), subject_key=subject_key, period=period
            )
            log.outbox_message = email_queue(
                to=recipient,
                template=template,
                context=context,
                language=language,
                attachments=attachments,
            )
            log.save(update_fields=["outbox_message"])
    except IntegrityError:
        return False
    return True


# Emails whose body is a key to the account (a password-reset or verification link): never
# shown to staff in the admin, and dropped from the outbox once sent like every other body.
SECRET_BEARING_TEMPLATES = (
    "account/email/password_reset",
    "account/email/email_confirmation",
    "account/email/unknown_account",
    "account/email/login_code",
    "account/email/password_reset_code",
)
BODY_PURGED = "[purged]"


def outbox_bodies_purge(*, now: datetime.datetime | None = None) -> int:
    """Empty the bodies of emails sent more than OUTBOX_BODY_RETENTION_DAYS ago.

    The row stays (who was written to, what subject, when) for the delivery record; the
    text, which may hold links and personal details, goes. Safe to run twice.
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.OUTBOX_BODY_RETENTION_DAYS)
    return (
        OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT, sent_at__lt=cutoff)
        .exclude(body_text=BODY_PURGED)
        .update(body_text=BODY_PURGED, body_html="", attachments=[])
    )


def _outbox_messages_written_to(addresses: list[str]):
    """Outbox rows with one of ``addresses`` among their recipients, whatever the case.

    ``icontains`` on the JSON text finds the candidates in the database; the exact
    comparison of each recipient keeps ``ann@x.org`` from matching ``joann@x.org``.
    """
    wanted = set(addresses)
    candidates = OutboxMessage.objects.filter(email_matches("to", addresses, lookup="icontains"))
    return OutboxMessage.objects.filter(
        pk__in=[
            message.pk
            for message in candidates.only("pk", "to")
            if wanted & {str(recipient).lower() for recipient in message.to}
        ]
    )


def outbox_personal_data_export(user) -> dict[str, Any]:
    """The emails written to the user's addresses: what, when and whether sent (bodies stay
    out: they may carry sign-in links, and the user received them)."""
    messages = _outbox_messages_written_to(user_email_addresses(user)).order_by("created_at")
    return {
        "emails_sent_to_you": [
            {
                "to": message.to,
                "subject": message.subject,
                "status": message.status,
                "created_at": message.created_at.isoformat(),
                "sent_at": message.sent_at.isoformat() if message.sent_at else None,
            }
            for message in messages
        ]
    }


@transaction.atomic
def outbox_personal_data_erase(user) -> None:
    """Account deletion: the emails written to the user's addresses leave the outbox, and
    so do the sent-once records of reminders to them."""
    addresses = user_email_addresses(user)
    _outbox_messages_written_to(addresses).delete()
    ReminderLog.objects.filter(email_matches("recipient", addresses)).delete()
