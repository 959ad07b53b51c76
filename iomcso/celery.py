"""The Celery application: broker on Redis, tasks found in each app's tasks.py."""

import os
import time
from datetime import UTC, datetime
from typing import Any

from celery import Celery
from celery.canvas import Signature
from celery.contrib.django.task import DjangoTask
from celery.result import AsyncResult
from celery.signals import task_postrun, task_prerun
from kombu import Producer

from iomcso.core.redis_budget import RedisUnavailable, redis_available, redis_budget, redis_record

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iomcso.settings.local")


class FarFutureTaskError(ValueError):
    """A task was scheduled further ahead than Redis keeps an unacknowledged task."""


class PortalTask(DjangoTask):
    """Celery's Django task (``delay_on_commit``) that refuses far-future ETAs.

    Redis re-delivers a task that is not acknowledged within the visibility timeout, so a
    task due later than that would run several times. Far-future work is found by periodic
    scans (beat) instead.

    Publishing passes the Redis breaker (iomcso/core/redis_budget.py): while Redis is
    known to be failing, ``apply_async`` raises :class:`RedisUnavailable` at once instead of
    waiting for socket timeouts; callers leave the work for a periodic sweep.
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
        if not redis_available():
            raise RedisUnavailable(f"{self.name} not published: the Redis breaker is open")
        started = time.monotonic()
        try:
            result = super().apply_async(
                args, kwargs, task_id, producer, link, link_error, shadow, **options
            )
        except Exception:
            redis_record(seconds=time.monotonic() - started, failed=True)
            raise
        redis_record(seconds=time.monotonic() - started, failed=False)
        return result


app = Celery("iomcso", task_cls=PortalTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# Each task gets its own Redis budget, as each request does (RedisBudgetMiddleware).
_task_budgets: dict[str, Any] = {}


@task_prerun.connect
def _open_task_budget(task_id: str | None = None, **kwargs: Any) -> None:
    if task_id:
        budget = redis_budget()
        budget.__enter__()
        _task_budgets[task_id] = budget


@task_postrun.connect
def _close_task_budget(task_id: str | None = None, **kwargs: Any) -> None:
    budget = _task_budgets.pop(task_id or "", None)
    if budget is not None:
        budget.__exit__(None, None, None)
