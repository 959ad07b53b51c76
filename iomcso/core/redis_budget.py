"""A Redis budget per request and a circuit breaker per process.

A frozen Redis does not refuse connections: every call waits for the socket timeout
(``REDIS_SOCKET_TIMEOUT``, 2 s), and a request that made three calls took three timeouts.
Here each request (and each Celery task) gets a budget: after one failed call, the rest of
that request skips Redis, and it never spends more than ``REDIS_REQUEST_BUDGET_SECONDS``
waiting on it. After ``REDIS_BREAKER_FAILURES`` failures within
``REDIS_BREAKER_WINDOW_SECONDS`` anywhere in the process, every caller skips Redis for
``REDIS_BREAKER_OPEN_SECONDS`` (then one call tries again).

Three doors lead to Redis and all three pass here: the cache's connections
(:class:`BudgetedConnection`, set in ``CACHES``), the rate limits (:func:`redis_call`) and
task publishing (``PortalTask.apply_async``). What is skipped degrades: a cache miss, a rate
limit not applied (logged and counted), an email left in the outbox for the sweep.

This module imports nothing of Django's at load time: settings import it.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import redis

logger = logging.getLogger(__name__)

T = TypeVar("T")

# --- Metrics (per process; /healthz shows them) ----------------------------------------
metrics: Counter[str] = Counter()


def metric_increment(name: str, amount: int = 1) -> None:
    metrics[name] += amount


# --- The breaker ------------------------------------------------------------------------


class RedisUnavailable(Exception):
    """Redis is skipped for now (the breaker is open or this request spent its budget)."""


@dataclass
class RedisBudget:
    """What one request (or one task) has spent on Redis so far."""

    seconds: float = 0.0
    failed: bool = False
    started: float = field(default_factory=time.monotonic)


_budget: contextvars.ContextVar[RedisBudget | None] = contextvars.ContextVar(
    "redis_budget", default=None
)
# Set while redis_call runs, so the connection does not account the same command twice.
_inside_redis_call: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "inside_redis_call", default=False
)
_lock = threading.Lock()
_failures: deque[float] = deque()
_open_until = 0.0


def _setting(name: str, default: float) -> float:
    from django.conf import settings  # late: settings import this module

    return float(getattr(settings, name, default))


@contextmanager
def redis_budget() -> Iterator[RedisBudget]:
    """Give the code inside (one request, one task) its own Redis budget."""
    budget = RedisBudget()
    token = _budget.set(budget)
    try:
        yield budget
    finally:
        _budget.reset(token)


def redis_available() -> bool:
    """True when Redis may be called now: the breaker is closed and the budget not spent."""
    if time.monotonic() < _open_until:
        return False
    budget = _budget.get()
    if budget is None:
        return True
    return not budget.failed and budget.seconds < _setting("REDIS_REQUEST_BUDGET_SECONDS", 2.5)


def redis_record(*, seconds: float, failed: bool) -> None:
    """Account one Redis call: its duration against the budget, a failure against the breaker."""
    global _open_until
    budget = _budget.get()
    if budget is not None:
        budget.seconds += seconds
        budget.failed = budget.failed or failed
    if not failed:
        return
    metric_increment("redis_errors")
    now = time.monotonic()
    window = _setting("REDIS_BREAKER_WINDOW_SECONDS", 10)
    with _lock:
        _failures.append(now)
        while _failures and _failures[0] < now - window:
            _failures.popleft()
        if len(_failures) >= _setting("REDIS_BREAKER_FAILURES", 3):
            seconds_open = _setting("REDIS_BREAKER_OPEN_SECONDS", 5)
            _open_until = now + seconds_open
            _failures.clear()
            metric_increment("redis_breaker_opened")
            logger.warning("redis breaker open: Redis is skipped for %.0f s", seconds_open)


def redis_breaker_reset() -> None:
    """Close the breaker and forget past failures (tests need this)."""
    global _open_until
    with _lock:
        _failures.clear()
        _open_until = 0.0


def redis_call(function: Callable[[], T]) -> T:
    """Run one Redis call under the breaker; raise :class:`RedisUnavailable` instead of waiting.

    Any error from the call (timeout, refused connection, a Redis still loading its data) is
    counted against the breaker and re-raised as :class:`RedisUnavailable`.
    """
    if not redis_available():
        raise RedisUnavailable("redis skipped by the breaker")
    started = time.monotonic()
    token = _inside_redis_call.set(True)
    try:
        result = function()
    except Exception as error:  # noqa: BLE001 - every client error means "not now"
        redis_record(seconds=time.monotonic() - started, failed=True)
        raise RedisUnavailable(str(error)) from error
    finally:
        _inside_redis_call.reset(token)
    redis_record(seconds=time.monotonic() - started, failed=False)
    return result


class BudgetedConnection(redis.Connection):
    """A redis-py connection that asks the breaker before each command (the cache's).

    A skipped command raises ``redis.ConnectionError``, which django-redis turns into a
    cache miss (``IGNORE_EXCEPTIONS``). Rate limits call :func:`redis_call` around the
    whole command, so a command of theirs is not accounted twice.
    """

    def send_command(self, *args: Any, **kwargs: Any) -> None:
        if _inside_redis_call.get():
            return super().send_command(*args, **kwargs)
        if not redis_available():
            raise redis.ConnectionError("redis skipped by the breaker")
        started = time.monotonic()
        try:
            super().send_command(*args, **kwargs)
        except redis.RedisError:
            redis_record(seconds=time.monotonic() - started, failed=True)
            raise
        redis_record(seconds=time.monotonic() - started, failed=False)

    def read_response(self, *args: Any, **kwargs: Any) -> Any:
        if _inside_redis_call.get():
            return super().read_response(*args, **kwargs)
        started = time.monotonic()
        try:
            response = super().read_response(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError):
            redis_record(seconds=time.monotonic() - started, failed=True)
            raise
        redis_record(seconds=time.monotonic() - started, failed=False)
        return response


class RedisBudgetMiddleware:
    """Gives each request a fresh Redis budget (first in the middleware list)."""

    def __init__(self, get_response: Callable[[Any], Any]):
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        with redis_budget():
            return self.get_response(request)
