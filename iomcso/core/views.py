import datetime
import logging

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .redis_budget import metrics
from .selectors import home_counts, worker_last_seen

logger = logging.getLogger(__name__)
API_PREFIX = "/api/"


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "down"
        return False


def _broker_answers() -> bool:
    client = redis.Redis.from_url(
        settings.CELERY_BROKER_URL,
        socket_timeout=settings.REDIS_SOCKET_TIMEOUT,
        socket_connect_timeout=settings.REDIS_SOCKET_TIMEOUT,
    )
    try:
        return bool(client.ping())
    except Exception:  # noqa: BLE001
        return False
    finally:
        client.close()


def _worker_state(database_ok: bool) -> tuple[str, datetime.datetime | None]:
    if not database_ok:
        return "unknown", None
    try:
        seen_at = worker_last_seen()
    except Exception:  # noqa: BLE001 - the table may be missing before the first migrate
        return "unknown", None
    stale_after = datetime.timedelta(seconds=settings.WORKER_HEARTBEAT_STALE_SECONDS)
    if seen_at is None or seen_at < timezone.now() - stale_after:
        return "stale", seen_at
    return "ok", seen_at


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Is this web process able to serve? 503 only when the database or the broker is down.

    The worker's state is reported but does not fail the check: pages and sign-ins work without
    a worker (email waits in the outbox), and a load balancer must not take every web process
    out of service because the worker died. ``worker`` is ``stale`` when no worker ran the
    heartbeat task (beat, every 15 s) for ``WORKER_HEARTBEAT_STALE_SECONDS``; ``status`` is then
    ``degraded``. Monitoring that should alert on it asks ``/healthz?require=worker``, which
    answers 503 while the worker is stale.
    """
    checks = {
        "database": "ok" if _database_answers() else "unreachable",
        "broker": "ok" if _broker_answers() else "unreachable",
    }
    failed = [name for name, state in checks.items() if state != "ok"]
    worker, seen_at = _worker_state(checks["database"] == "ok")
    if request.GET.get("require") == "worker" and worker != "ok":
        failed.append("worker")
    status = "unavailable" if failed else ("degraded" if worker != "ok" else "ok")
    body = {
        "status": status,
        "checks": checks,
        "failed": failed,
        "worker": worker,
        "worker_seen_at": seen_at.isoformat() if seen_at else None,
        "counters": dict(sorted(metrics.items())),
    }
    return JsonResponse(body, status=503 if failed else 200)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"counts": home_counts()})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Django's own 400 page is a line of English outside the site (a too-large upload).
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        # An address the API does not have: a problem document, as every API error is.
        return JsonResponse(
            {
                "type": "about:blank",
                "title": _("Not found"),
                "status": 404,
                "detail": _("No API endpoint at this address."),
                "instance": request.path,
            },
            status=404,
            content_type="application/problem+json",
        )
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The friendly 500 page, which must render even when what failed was the database.

    It first renders with the request (navigation, language switcher); if that fails too,
    without context processors (they may need the database), and last as plain HTML.
    """
    try:
        return render(request, "500.html", status=500)
    except Exception:  # noqa: BLE001 - the error page must not fail
        logger.exception("the 500 page could not render with the request context")
    try:
        return HttpResponseServerError(loader.get_template("500.html").render({}))
    except Exception:  # noqa: BLE001
        logger.exception("the 500 page could not render")
    return HttpResponseServerError(
        '<!DOCTYPE html><html lang="en"><title>Server error</title>'
        "<h1>Something went wrong</h1><p>Please try again in a few minutes.</p></html>"
    )
