import logging
import time
import uuid

from .logging import request_id_var

logger = logging.getLogger("iomcso.request")


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
        request_id = incoming[:64] if incoming.isprintable() and incoming else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            logger.info(
                "method=%s path=%s status=%s duration_ms=%d",
                request.method,
                request.path,
                response.status_code,
                (time.monotonic() - started) * 1000,
            )
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response
