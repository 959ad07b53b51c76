"""Request rates per address (anonymous) and per token.

They count through the portal's one rate-limit wrapper (:mod:`iomcso.core.ratelimit`), so
they let requests through when Redis is down or slow rather than refusing the API to
everyone, exactly as sign-in and the portal's own limits do.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from iomcso.core import ratelimit

from .permissions import request_token

SECONDS_BY_PERIOD = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_drf_rate(rate: str) -> ratelimit.Rate:
    """DRF's notation (``"120/min"``) as one rate of the wrapper, counted per key."""
    amount, period = rate.split("/")
    return ratelimit.Rate(amount=int(amount), seconds=SECONDS_BY_PERIOD[period[0]], per="key")


class FailOpenThrottle(BaseThrottle):
    scope = ""

    def __init__(self) -> None:
        self.retry_after: float | None = None

    def identity(self, request: HttpRequest) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        # Rates are read at each request (not at import) so settings overrides apply.
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        identity = self.identity(request)
        if not rate or identity is None:
            return True
        parsed = parse_drf_rate(rate)
        usage = ratelimit.consume(
            action=f"api_{self.scope}", rates=[parsed], sources={"key": identity}
        )
        if usage is None:
            self.retry_after = parsed.seconds
            return False
        return True

    def wait(self) -> float | None:
        return self.retry_after


class AddressThrottle(FailOpenThrottle):
    """Anonymous requests, per client address."""

    scope = "address"

    def identity(self, request: HttpRequest) -> str | None:
        if request_token(request) is not None:
            return None
        try:
            return ratelimit.client_ip(request)
        except PermissionDenied:
            # allauth refuses a request whose address it cannot tell (an empty REMOTE_ADDR,
            # as some WSGI harnesses send); the API counts those together instead.
            return "unknown"


class TokenThrottle(FailOpenThrottle):
    """Requests with a token, per token."""

    scope = "token"

    def identity(self, request: HttpRequest) -> str | None:
        token = request_token(request)
        return None if token is None else str(token.pk)
