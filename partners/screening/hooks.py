"""What the registry's services call when an organization's names change.

Kept apart from ``services`` (which imports the registry's services) so that
``partners.services`` and ``partners.portal.services`` can import it without a cycle; the
task is queued by name for the same reason.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task_name: str, **kwargs) -> None:
    """Queue a screening task; a broker outage is logged, never the caller's failure (the
    daily import screens the registry again against what changed)."""
    from iomcso.celery import app  # the Celery app loads Django's settings: not at import

    try:
        app.send_task(f"partners.screening.tasks.{task_name}", kwargs=kwargs, retry=False)
    except Exception:  # noqa: BLE001 - a broker outage must not fail the partner's change
        logger.warning("could not enqueue %s %s", task_name, kwargs)


def organization_screening_request(*, organization_id: int) -> None:
    """Screen the organization once the current transaction commits (registration, an
    identity change, a contact or a team member added, a merge)."""
    transaction.on_commit(
        lambda: enqueue("screen_organization_task", organization_id=organization_id)
    )
