"""The audit log: one record per security-relevant event, who / what / when / from where.

Every app calls :func:`audit_record` (sign-ins and two-factor changes are recorded from
allauth's signals in ``iomcso.accounts.signals``; exports and private downloads where
they are served; staff actions in the services or admin actions that perform them).
Staff actions also appear in the admin's "Recent actions" (Django's LogEntry is written by
the same call), so there is one place to write and no parallel log.

Records are read in the admin by staff holding the Auditor role (view only) and purged
after ``settings.AUDIT_LOG_RETENTION_DAYS`` by ``iomcso.core.tasks.purge_audit_log_task``.
"""

import datetime
import logging
from typing import Any

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from .models import AuditRecord

logger = logging.getLogger("iomcso.audit")
Action = AuditRecord.Action


def audit_record(
    *,
    action: str,
    request: HttpRequest | None = None,
    actor: Any = None,
    target: models.Model | None = None,
    message: str = "",
    detail: dict[str, Any] | None = None,
    actor_email: str = "",
) -> AuditRecord:
    """Record one event. ``actor`` defaults to the request's signed-in user.

    A staff action on a model instance (``action=Action.STAFF_ACTION``) is also written as
    a LogEntry, so it shows in the admin's "Recent actions" and the object's history.
    """
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    actor_email = actor_email or getattr(actor, "email", "") or ""
    if actor is not None and actor.pk is None:
        actor = None  # just deleted (signing out after erasing the account): the email stays
    record = AuditRecord.objects.create(
        action=action,
        actor=actor,
        actor_email=actor_email[:254],
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk)[:64] if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        message=message[:300],
        detail=detail or {},
        ip_address=client_ip(request),
        user_agent=(request.headers.get("User-Agent", "") if request else "")[:300],
        request_id=(getattr(request, "request_id", "") if request else "")[:64],
    )
    if action == Action.STAFF_ACTION and target is not None and actor is not None:
        LogEntry.objects.log_actions(
            user_id=actor.pk,
            queryset=[target],
            action_flag=CHANGE,
            change_message=message,
            single_object=True,
        )
    logger.info(
        "audit action=%s actor=%s target=%s:%s",
        action,
        getattr(actor, "pk", "-"),
        record.target_type or "-",
        record.target_id or "-",
    )
    return record


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as allauth sees it (the same proxy settings as its rate limits)."""
    if request is None:
        return None
    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:  # noqa: BLE001 - an unknown address must never lose the record
        return request.META.get("REMOTE_ADDR") or None


def audit_records_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the records older than the retention period; returns how many went."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.AUDIT_LOG_RETENTION_DAYS)
    deleted, _ = AuditRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


class AuditedExportMixin:
    """For a django-import-export ModelAdmin (listed before ImportExportMixin): every export
    from the admin leaves an audit record (which model, format, filter and row count)."""

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)  # type: ignore[misc]
        audit_record(
            action=Action.EXPORT,
            request=request,
            message=f"{self.model._meta.label_lower}.{file_format.get_extension()}",  # type: ignore[attr-defined]
            detail={"rows": queryset.count(), "filters": request.GET.urlencode()[:500]},
        )
        return data
