"""Celery tasks of sanctions screening: they take ids, and running one twice does the work once
(an identical list file adds no version; screening again updates the same possible matches)."""

import socket
import urllib.error

from celery import shared_task

from . import services


@shared_task(
    acks_late=True,
    autoretry_for=(urllib.error.URLError, socket.timeout, ConnectionError),
    retry_backoff=60,
    max_retries=5,
    soft_time_limit=600,
    time_limit=660,
)
def import_consolidated_list_task() -> int | None:
    """Beat, daily: download the Consolidated List from the configured address and import it.

    A malformed or truncated file raises ``ListFileError``: nothing is imported, the failure
    shows in the worker's log and in the periodic task's admin page.
    """
    version = services.list_import_from_url()
    return version.pk


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def screen_list_version_task(*, version_id: int) -> int:
    """The whole registry against what one import added or changed."""
    return len(services.list_version_screen(version_id=version_id))


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def screen_organization_task(*, organization_id: int) -> int:
    """One organization, its contacts and its team, against the active list."""
    return len(services.organization_screen(organization_id=organization_id))
