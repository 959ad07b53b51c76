from celery import shared_task

from . import audit, services


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def deliver_outbox_message_task(*, message_id: int) -> bool:
    return services.outbox_message_deliver(message_id=message_id)


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150)
def sweep_outbox_task() -> int:
    return services.outbox_dispatch_pending()


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360)
def purge_audit_log_task() -> int:
    """Daily: audit records older than AUDIT_LOG_RETENTION_DAYS go (safe to run twice)."""
    return audit.audit_records_purge()


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360)
def purge_outbox_bodies_task() -> int:
    """Daily: bodies of emails sent more than OUTBOX_BODY_RETENTION_DAYS ago are emptied."""
    return services.outbox_bodies_purge()
