"""Production settings as the fault-injection tests run them: behind gunicorn, plain HTTP.

Everything of production holds (rate limits, SMTP, the Redis breaker, timeouts) except what
plain HTTP on loopback needs: no HTTPS redirect, no secure-only cookies, static files served
from the source folders (no collectstatic). Passwords hash with MD5 so the two-core CI machine
measures Redis faults, not PBKDF2.
"""

from iomcso.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
