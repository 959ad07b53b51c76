import logging
import re
import time
import uuid

from django.utils.cache import patch_cache_control

from .logging import request_id_var

logger = logging.getLogger("iomcso.request")
# What a client-supplied request id may look like (a proxy's UUID or similar); anything else
# is replaced by our own, so it can neither forge a log line nor smuggle markup.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


class RequestIdMiddleware:
    """Tags each request with an id (from the proxy's X-Request-ID or new) for the logs.

    Every log line written while the request runs carries ``request_id=<id>``, and one
    summary line per request is logged at the end, so ``grep request_id=<id>`` shows
    the whole story of a request; the id is returned in the X-Request-ID header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if SAFE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            logger.info(
                "method=%s path=%s status=%s duration_ms=%d user=%s",
                request.method,
                request.path,
                response.status_code,
                (time.monotonic() - started) * 1000,
                user.pk if user is not None and user.is_authenticated else "-",
            )
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class PrivatePagesNoStoreMiddleware:
    """``Cache-Control: no-store, private`` on everything answered to a signed-in user.

    A page or file shown to someone signed in may hold personal or private data: no shared
    cache keeps it and the browser does not keep a copy on disk (a shared computer's Back
    button or cache folder shows nothing after sign-out). Static files are served before
    this runs (WhiteNoise) and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
            response.headers.pop("Expires", None)
        return response
