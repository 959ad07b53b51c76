"""Tests: real PostgreSQL and Redis, in-memory email, fast hashing."""

import os
import tempfile
import uuid
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
MEDIA_ROOT = env(
    "TEST_MEDIA_ROOT", default=str(Path(tempfile.gettempdir()) / f"iomcso-test-media-{os.getpid()}")
)
# Each test process gets its own queue and cache prefix on the shared Redis,
# so parallel runs (xdist, other checkouts) never take each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = f"iomcso-test-{uuid.uuid4().hex[:12]}"
CACHES["default"]["KEY_PREFIX"] = CELERY_TASK_DEFAULT_QUEUE
ACCOUNT_RATE_LIMITS = False
REQUIRE_STAFF_TWO_FACTOR = False
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
# Several checkouts may test against the same server at once: TEST_DB_SUFFIX keeps them apart
# (pytest-xdist adds its own _gwN suffix on top).
DATABASES["default"]["TEST"] = {"NAME": "test_iomcso" + env("TEST_DB_SUFFIX", default="")}
# The portal's own limits are off too; tests/core/test_ratelimit.py turns them on.
PORTAL_RATE_LIMITS = {}
# The screening fixture holds a handful of entries; the real list is never fetched in tests.
SCREENING_MIN_ENTRIES = 3
SCREENING_LIST_URL = "http://127.0.0.1:9/consolidated.xml"

# Tests share one cache prefix per process: a directory page cached by one test must not
# answer another's (the cache has its own tests, which turn it on).
DIRECTORY_CACHE_SECONDS = 0
ADMIN_FRAGMENT_CACHE_SECONDS = 0
