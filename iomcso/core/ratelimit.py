"""Rate limits that fail open: a cache outage must never lock people out.

:func:`consume` counts hits in a Redis sorted set with one Lua script (atomic, so no lock:
nothing stale is left behind when Redis freezes halfway). When Redis errors, or the breaker
is open, the hit is *allowed*, a warning is logged and the ``ratelimit_failed_open`` counter
goes up. allauth's own limiter (``allauth.core.internal.ratelimit``) takes a cache lock and
treats a swallowed cache error as "refuse" (and so skipped verification emails);
:func:`install_allauth_rate_limits` routes every allauth action (login, failed logins,
sign-up, password reset, email verification…) here. The portal's own limits (``PORTAL_RATE_LIMITS``) go through :func:`limit`. Every Redis call
goes through the breaker of :mod:`iomcso.core.redis_budget`.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
import uuid
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import redis
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .redis_budget import RedisUnavailable, metric_increment, redis_call

logger = logging.getLogger(__name__)

# What a person sees when one of the portal's own limits refuses a POST.
RATE_LIMITED_MESSAGE = _("Too many requests. Please wait a few minutes and try again.")

# --- Fail-open rate limits -------------------------------------------------------------

# KEYS[1] the sorted set of hit times; ARGV: now, window (s), amount, member, dry run (0/1).
# Drops hits older than the window, refuses when the amount is reached, else records the hit.
_SLIDING_WINDOW = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
if ARGV[5] == '0' then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2]) * 1000))
end
return 1
"""


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: float
    per: str  # "ip", "key" or "user"


@dataclass
class Hit:
    """One recorded hit, which a caller may take back (allauth rolls back a good login)."""

    key: str = ""
    member: str = ""

    def rollback(self) -> None:
        if not self.key:
            return
        # Left in place when Redis cannot answer: the limit is a little stricter, for a while.
        with contextlib.suppress(RedisUnavailable):
            redis_call(lambda: _client().zrem(self.key, self.member))


@dataclass
class Usage:
    """What :func:`consume` recorded; truthy (allauth tests ``if not usage``)."""

    usage: list[Hit] = field(default_factory=list)

    def rollback(self) -> None:
        for hit in self.usage:
            hit.rollback()


def _client() -> redis.Redis:
    from django_redis import get_redis_connection  # imported late: only with django-redis

    return get_redis_connection("default")


def _client_eval(arguments: tuple[Any, ...]) -> Any:
    return _client().eval(_SLIDING_WINDOW, 1, *arguments)


def _client_delete(key: str) -> int:
    return int(_client().delete(key))


def _key(action: str, rate: Rate, source: str) -> str:
    """The Redis key of one rate's hits; the source (an email, an address) is hashed."""
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    digest = hashlib.sha256(source.encode()).hexdigest()[:32]
    name = f"rl:{action}:{rate.amount}/{rate.seconds:g}/{rate.per}:{digest}"
    return f"{prefix}:{name}" if prefix else name


def parse_rates(rates: str | None) -> list[Rate]:
    """Parse allauth's notation, e.g. ``"10/m/ip,5/5m/key"``."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    parsed = []
    for part in (rates or "").split(","):
        part = part.strip()
        if not part:
            continue
        amount, duration, *per = part.split("/")
        number = duration[:-1]
        parsed.append(
            Rate(
                amount=int(amount),
                seconds=(float(number) if number else 1.0) * units[duration[-1]],
                per=per[0] if per else "ip",
            )
        )
    return parsed


def fail_open(action: str, reason: str) -> Usage:
    """Allow the hit because Redis cannot count it: logged, and counted in the metrics."""
    metric_increment("ratelimit_failed_open")
    metric_increment(f"ratelimit_failed_open:{action}")
    logger.warning("rate limit %s not applied (failing open): %s", action, reason)
    return Usage()


def consume(
    *,
    action: str,
    rates: str | list[Rate] | None,
    sources: dict[str, str],
    dry_run: bool = False,
) -> Usage | None:
    """Record one hit of ``action`` for each rate; None when a limit is reached.

    ``sources`` maps a rate's "per" (``ip``, ``key``, ``user``) to the value counted. When
    Redis cannot answer, the hit is allowed (see :func:`fail_open`); nothing ever waits for
    a lock.
    """
    parsed = parse_rates(rates) if isinstance(rates, str) or rates is None else rates
    usage = Usage()
    for rate in parsed:
        source = sources.get(rate.per)
        if source is None:
            continue
        key = _key(action, rate, source)
        member = f"{time.time():.6f}:{uuid.uuid4().hex[:8]}"
        arguments = (key, time.time(), rate.seconds, rate.amount, member, 1 if dry_run else 0)
        try:
            allowed = redis_call(partial(_client_eval, arguments))
        except RedisUnavailable as error:
            usage.rollback()
            return fail_open(action, str(error))
        if not allowed:
            usage.rollback()
            metric_increment(f"ratelimit_refused:{action}")
            return None
        if not dry_run:
            usage.usage.append(Hit(key=key, member=member))
    return usage


def clear(*, action: str, rates: str | None, sources: dict[str, str]) -> None:
    """Forget the hits of ``action`` (allauth: after a successful password reset)."""
    for rate in parse_rates(rates):
        source = sources.get(rate.per)
        if source is None:
            continue
        key = _key(action, rate, source)
        try:
            redis_call(partial(_client_delete, key))
        except RedisUnavailable as error:
            logger.warning("rate limit %s not cleared: %s", action, error)


def client_ip(request: HttpRequest) -> str:
    """The address rate limits count by: allauth's adapter reads the trusted proxy settings."""
    from allauth.account.adapter import get_adapter  # imported late: allauth loads apps

    return str(get_adapter().get_client_ip(request))


def request_sources(request: HttpRequest, *, key: str | None = None, user: Any = None) -> dict:
    """What each kind of rate counts for this request: its address, a key, its user."""
    sources = {"ip": client_ip(request)}
    if key is not None:
        sources["key"] = key
    user = user if user is not None else getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        sources["user"] = str(user.pk)
    return sources


def limit(request: HttpRequest, *, action: str, key: str | None = None) -> bool:
    """The portal's own limits (``PORTAL_RATE_LIMITS[action]``): True when the POST may go on.

    Only POSTs count; a GET shows the form. Fails open like every limit here.
    """
    if request.method != "POST":
        return True
    rates = (getattr(settings, "PORTAL_RATE_LIMITS", None) or {}).get(action)
    if not rates:
        return True
    return (
        consume(action=action, rates=rates, sources=request_sources(request, key=key)) is not None
    )


# --- allauth -----------------------------------------------------------------------------


def _allauth_rates(app: str, action: str, config: dict[str, str] | None) -> str | None:
    from django.utils.module_loading import import_string

    if config is None:
        config = import_string(f"{app}.app_settings.RATE_LIMITS")
    return config.get(action) if config else None


def _allauth_sources(request: HttpRequest, key: Any, user: Any) -> dict[str, str]:
    from allauth.core.internal import ratelimit as allauth_ratelimit

    sources = {"ip": allauth_ratelimit.truncate_ip(client_ip(request))}
    if key is not None:
        sources["key"] = str(key).lower()
    if user is None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    if user is not None:
        sources["user"] = str(user.pk)
    return sources


def allauth_consume(
    request: HttpRequest,
    *,
    app: str,
    action: str,
    config: dict[str, str] | None = None,
    key: Any = None,
    user: Any = None,
    dry_run: bool = False,
    limit_get: bool = False,
    raise_exception: bool = False,
) -> Usage | None:
    """Drop-in for ``allauth.core.internal.ratelimit.consume``, failing open."""
    from allauth.core.exceptions import RateLimited

    if not limit_get and request.method == "GET":
        return Usage()
    rates = _allauth_rates(app, action, config)
    if not rates:
        return Usage()
    usage = consume(
        action=f"{app}:{action}",
        rates=rates,
        sources=_allauth_sources(request, key, user),
        dry_run=dry_run,
    )
    if usage is None and raise_exception:
        raise RateLimited
    return usage


def allauth_clear(
    request: HttpRequest,
    *,
    app: str,
    action: str,
    config: dict[str, str] | None = None,
    key: Any = None,
    user: Any = None,
) -> None:
    """Drop-in for ``allauth.core.internal.ratelimit.clear``."""
    clear(
        action=f"{app}:{action}",
        rates=_allauth_rates(app, action, config),
        sources=_allauth_sources(request, key, user),
    )


def install_allauth_rate_limits() -> None:
    """Route allauth's limiter through this module (called once from CoreConfig.ready()).

    Every allauth caller reaches its limiter as ``ratelimit.consume`` / ``ratelimit.clear``
    on ``allauth.core.internal.ratelimit`` (directly, through ``allauth.core.ratelimit`` or
    the module's own ``consume_or_429`` and decorator), so replacing those two names covers
    every action. tests/core/test_ratelimit.py fails if an allauth upgrade changes this.
    """
    from allauth.core.internal import ratelimit as allauth_ratelimit

    allauth_ratelimit.consume = allauth_consume
    allauth_ratelimit.clear = allauth_clear
