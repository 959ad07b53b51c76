import socket

from celery import shared_task

from . import audit, services, workspace


@shared_task(
    acks_late=True,
    soft_time_limit=services.DELIVERY_TIME_LIMIT_SECONDS - 10,
    time_limit=services.DELIVERY_TIME_LIMIT_SECONDS,
)
def deliver_outbox_message_task(*, message_id: int) -> bool:
    return services.outbox_message_deliver(message_id=message_id)


@shared_task(acks_late=True, soft_time_limit=60, time_limit=75)
def sweep_outbox_task() -> int:
    """Beat, every 15 s: re-dispatch pending mail the broker or a dead worker lost."""
    return services.outbox_dispatch_pending()


@shared_task(bind=True, acks_late=False, soft_time_limit=10, time_limit=15, expires=60)
def worker_heartbeat_task(self) -> None:
    """Beat, every 15 s: the worker that runs it says it is alive (read by /healthz)."""
    services.worker_heartbeat_record(worker=self.request.hostname or socket.gethostname())


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def refresh_dashboard_aggregates_task() -> int:
    """Keeps the staff dashboard's figures fresh in the cache (safe to run twice)."""
    return workspace.dashboard_aggregates_refresh()


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360)
def purge_audit_log_task() -> int:
    """Daily: audit records older than AUDIT_LOG_RETENTION_DAYS go (safe to run twice)."""
    return audit.audit_records_purge()


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360)
def purge_outbox_bodies_task() -> int:
    """Daily: bodies of emails sent more than OUTBOX_BODY_RETENTION_DAYS ago are emptied."""
    return services.outbox_bodies_purge()
