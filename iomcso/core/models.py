from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """An email written in the same transaction as the change that caused it.

    A Celery task delivers it; a periodic sweep re-dispatches what is still pending,
    so a broker or worker outage only delays mail, never loses it. Delivery is at least
    once: every attempt is recorded (``attempts``, ``sending_since``) before the SMTP send,
    so a second send after a crash is logged as a re-send and carries the same Message-ID.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    language = models.CharField(_("language"), max_length=10)
    template = models.CharField(_("template"), max_length=100, blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # Handed to the broker at (a sweep re-dispatches when this is empty or old).
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    # An attempt under way since (set, in its own transaction, before the SMTP send).
    sending_since = models.DateTimeField(_("sending since"), null=True, blank=True)
    # After a failed send, not before (backoff).
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="outbox_pending_idx",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"

    @property
    def resent(self) -> bool:
        """More than one attempt reached the SMTP send: the recipient may have it twice."""
        return self.attempts > 1


class WorkerHeartbeat(models.Model):
    """When a Celery worker last ran the heartbeat task (beat queues it every 15 s).

    One row per worker host name; /healthz reports the worker stale when the newest is old,
    which also covers beat, the broker and the worker's database connection being down.
    """

    worker = models.CharField(_("worker"), max_length=200, unique=True)
    seen_at = models.DateTimeField(_("seen at"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"


class ReminderLog(models.Model):
    """One row per reminder sent: the unique constraint is what makes 'sent once' hold.

    ``subject_key`` names the object the reminder is about (``consultation:12``) and
    ``period`` the window it covers (``2026``, ``2026-11``, ``closing``), so a task
    that runs twice, or is redelivered after a worker died, finds the row and skips.
    """

    kind = models.CharField(_("kind"), max_length=64)
    recipient = models.EmailField(_("recipient"))
    subject_key = models.CharField(_("about"), max_length=100)
    period = models.CharField(_("period"), max_length=32)
    outbox_message = models.ForeignKey(
        OutboxMessage,
        verbose_name=_("outbox message"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "subject_key", "period"],
                name="reminder_sent_once",
            )
        ]

    def __str__(self) -> str:
        return _("%(kind)s to %(recipient)s (%(about)s, %(period)s)") % {
            "kind": self.kind,
            "recipient": self.recipient,
            "about": self.subject_key,
            "period": self.period,
        }


class AuditRecord(models.Model):
    """Who did what, when and from where: sign-ins, failed sign-ins, sign-outs, two-factor
    changes, exports, downloads of private data and staff actions.

    Written only through ``iomcso.core.audit.audit_record``; never changed afterwards, and
    purged after ``AUDIT_LOG_RETENTION_DAYS`` by a periodic task. Field changes of domain
    records stay in their simple-history tables; this is the one log of events.
    """

    class Action(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
        SIGN_OUT = "sign_out", _("Signed out")
        TWO_FACTOR_ADDED = "two_factor_added", _("Second factor added")
        TWO_FACTOR_REMOVED = "two_factor_removed", _("Second factor removed")
        RECOVERY_CODES_RESET = "recovery_codes_reset", _("Recovery codes regenerated")
        EXPORT = "export", _("Export")
        DOWNLOAD = "download", _("Download of a private file")
        STAFF_ACTION = "staff_action", _("Staff action")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The address typed (failed sign-in) or the actor's at the time; kept if the user goes.
    actor_email = models.CharField(_("email"), max_length=254, blank=True, db_index=True)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_repr = models.CharField(_("object"), max_length=200, blank=True)
    message = models.CharField(_("what"), max_length=300, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.actor_email}"


class TransitionLog(models.Model):
    """One change of state of any workflow (who, when, from what to what, why). Never edited.

    Every state machine writes here through ``iomcso.core.workflow.transition``, so the
    admin shows the history of a consultation, an application or an organization the same
    way. Field-by-field history stays with django-simple-history.
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    state_field = models.CharField(_("state field"), max_length=50, default="status")
    from_status = models.CharField(_("from"), max_length=30)
    to_status = models.CharField(_("to"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="transition_log_object_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    def _state_label(self, value: str) -> str:
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        if model is None or not value:
            return value
        try:
            field = model._meta.get_field(self.state_field)
        except FieldDoesNotExist:
            return value
        return str(dict(getattr(field, "flatchoices", ())).get(value, value))

    def get_from_status_display(self) -> str:
        return self._state_label(self.from_status)

    def get_to_status_display(self) -> str:
        return self._state_label(self.to_status)
