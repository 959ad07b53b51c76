"""Request rates per address (anonymous) and per token, that let requests through when the
cache (Redis) is down rather than refusing the API to everyone.

# TODO(lead): use iomcso.core.ratelimit (the reliability helper's fail-open wrapper and
# circuit breaker) once it is on main; these subclasses only catch the cache's errors.
"""

import logging

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .permissions import request_token

logger = logging.getLogger(__name__)


class FailOpenThrottle(SimpleRateThrottle):
    def get_rate(self):
        # Read at each request (not at import) so settings overrides apply.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache is down: count nothing, refuse nothing
            logger.warning("API throttle skipped: the cache did not answer", exc_info=True)
            return True


class AddressThrottle(FailOpenThrottle):
    """Anonymous requests, per client address."""

    scope = "address"

    def get_cache_key(self, request, view):
        if request_token(request) is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenThrottle(FailOpenThrottle):
    """Requests with a token, per token."""

    scope = "token"

    def get_cache_key(self, request, view):
        token = request_token(request)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}
