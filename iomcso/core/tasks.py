from celery import shared_task

from . import services, workspace


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def deliver_outbox_message_task(*, message_id: int) -> bool:
    return services.outbox_message_deliver(message_id=message_id)


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150)
def sweep_outbox_task() -> int:
    return services.outbox_dispatch_pending()


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def refresh_dashboard_aggregates_task() -> int:
    """Keeps the staff dashboard's figures fresh in the cache (safe to run twice)."""
    return workspace.dashboard_aggregates_refresh()
