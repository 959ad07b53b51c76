"""The Celery application: broker on Redis, tasks found in each app's tasks.py."""

import os
from datetime import UTC, datetime
from typing import Any

from celery import Celery
from celery.canvas import Signature
from celery.contrib.django.task import DjangoTask
from celery.result import AsyncResult
from kombu import Producer

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iomcso.settings.local")


class FarFutureTaskError(ValueError):
    """A task was scheduled further ahead than Redis keeps an unacknowledged task."""


class PortalTask(DjangoTask):
    """Celery's Django task (``delay_on_commit``) that refuses far-future ETAs.

    Redis re-delivers a task that is not acknowledged within the visibility timeout, so a
    task due later than that would run several times. Far-future work is found by periodic
    scans (beat) instead.
    """

    def apply_async(
        self,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        task_id: str | None = None,
        producer: Producer | None = None,
        link: Signature[Any] | list[Signature[Any]] | None = None,
        link_error: Signature[Any] | list[Signature[Any]] | None = None,
        shadow: str | None = None,
        **options: Any,
    ) -> AsyncResult[Any]:
        limit = self.app.conf.broker_transport_options.get("visibility_timeout", 3600)
        delay = options.get("countdown") or 0
        eta = options.get("eta")
        if eta is not None:
            eta = datetime.fromisoformat(eta) if isinstance(eta, str) else eta
            now = datetime.now(tz=UTC)
            if eta.tzinfo is None:  # Celery reads a naive ETA in its time zone, UTC here
                now = now.replace(tzinfo=None)
            delay = max(delay, (eta - now).total_seconds())
        if delay > limit:
            raise FarFutureTaskError(
                f"{self.name} is due in {delay:.0f} seconds, more than the broker's visibility "
                f"timeout ({limit} s); schedule far-future work with a periodic scan instead."
            )
        return super().apply_async(
            args, kwargs, task_id, producer, link, link_error, shadow, **options
        )


app = Celery("iomcso", task_cls=PortalTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
