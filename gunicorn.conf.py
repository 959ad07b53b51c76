"""gunicorn settings for the production image (gunicorn reads ./gunicorn.conf.py by itself).

https://docs.gunicorn.org/en/stable/settings.html
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = 30
graceful_timeout = 30
# The HTTPS proxy in front sets X-Forwarded-Proto; only its address may (never "*": anyone
# reaching the port could then claim HTTPS or another client address).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
# One line per request, greppable by the same request id as the application's log lines.
access_log_format = (
    'access remote=%(h)s "%(r)s" status=%(s)s bytes=%(B)s duration_ms=%(M)s '
    "request_id=%({x-request-id}o)s"
)
