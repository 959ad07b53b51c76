"""Fixtures shared by the whole suite: real PostgreSQL, real Redis, a real Celery worker."""

import os
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _redis_breaker_closed():
    """A test that made Redis fail must not leave the next one skipping Redis."""
    from iomcso.core.redis_budget import redis_breaker_reset

    redis_breaker_reset()
    yield
    redis_breaker_reset()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: a request in another language leaves it active otherwise,
    and ``reverse()`` in the next test would build /es/ URLs."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# --- Data written by migrations survives transactional tests ---------------------------
# A transactional test (real worker, live server) ends with a flush that empties every
# table, and so deletes what data migrations wrote (historical consultations, beat
# schedules). With xdist's loadfile distribution the next test file in that process would
# then run without it. The flush is followed by a restore of that data, taken before the
# first flush. Rows that post_migrate re-creates itself (content types, permissions, the
# staff role groups, the default site) are left to it.
RECREATED_BY_POST_MIGRATE = {
    "contenttypes.contenttype",
    "auth.permission",
    "auth.group",
    "sessions.session",
    "admin.logentry",
}
_migration_data: list[str] | None = None


def _snapshot_migration_data() -> list[str]:
    from django.apps import apps
    from django.core import serializers

    snapshot = []
    for model in serializers.sort_dependencies(
        [(config, None) for config in apps.get_app_configs()], allow_cycles=True
    ):
        if not model._meta.managed or model._meta.proxy:
            continue
        if model._meta.label_lower in RECREATED_BY_POST_MIGRATE:
            continue
        queryset = model._base_manager.order_by("pk")
        if queryset.exists():
            snapshot.append(serializers.serialize("json", queryset))
    return snapshot


def _restore_migration_data(snapshot: list[str]) -> None:
    from django.core import serializers
    from django.db import IntegrityError, transaction

    for chunk in snapshot:
        for deserialized in serializers.deserialize("json", chunk):
            try:
                with transaction.atomic():
                    deserialized.save()
            except IntegrityError:
                continue  # already there again (re-created by post_migrate)


def _install_migration_data_restore() -> None:
    from django.test import TransactionTestCase as DjangoTransactionTestCase

    # Private hooks of Django's test case, which the stubs leave out.
    TransactionTestCase: Any = DjangoTransactionTestCase
    if getattr(TransactionTestCase, "_restores_migration_data", False):
        return
    original_setup = TransactionTestCase._fixture_setup.__func__  # a classmethod
    original_teardown = TransactionTestCase._fixture_teardown

    def fixture_setup(cls):
        global _migration_data  # noqa: PLW0603 - one snapshot per test process
        if _migration_data is None:
            _migration_data = _snapshot_migration_data()
        return original_setup(cls)

    def fixture_teardown(self):
        original_teardown(self)
        if _migration_data:
            _restore_migration_data(_migration_data)

    TransactionTestCase._fixture_setup = classmethod(fixture_setup)
    TransactionTestCase._fixture_teardown = fixture_teardown
    TransactionTestCase._restores_migration_data = True


def pytest_configure(config):
    _install_migration_data_restore()


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Runs the on-commit callbacks of the block (tests run inside a transaction)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def deliver_outbox():
    """Delivers every pending outbox message now, as the worker would; returns the count."""
    from iomcso.core.models import OutboxMessage
    from iomcso.core.services import outbox_message_deliver

    def deliver() -> int:
        ids = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).values_list(
            "pk", flat=True
        )
        return sum(outbox_message_deliver(message_id=message_id) for message_id in list(ids))

    return deliver


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (in a thread) consuming this test process's queue on Redis."""
    from celery.contrib.testing.worker import start_worker

    from iomcso.celery import app

    with start_worker(
        app,  # type: ignore[arg-type]  # celery-types wants Celery[Task]; ours is Celery[PortalTask]
        pool="solo",
        perform_ping_check=False,
        shutdown_timeout=10,
        loglevel="WARNING",
    ) as worker:
        yield worker


@pytest.fixture(scope="session", autouse=True)
def _drop_test_queue():
    """Removes this process's test queue from Redis at the end of the run."""
    yield
    import redis
    from django.conf import settings

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2)
    try:
        client.delete(settings.CELERY_TASK_DEFAULT_QUEUE)
    except redis.RedisError:
        pass
    finally:
        client.close()


# --- The fault-injection tests' figures -----------------------------------------------------
# tests/chaos/ records its measurements as the "figures" property; they are printed at the end
# of the run, also under xdist (whose workers' own output is not shown).
_chaos_figures: list[str] = []


def pytest_runtest_logreport(report):
    if report.when == "call":
        _chaos_figures.extend(
            str(value) for name, value in report.user_properties if name == "figures"
        )


def pytest_terminal_summary(terminalreporter):
    if _chaos_figures:
        terminalreporter.section("fault-injection figures")
        for line in _chaos_figures:
            terminalreporter.write_line(line)


@pytest.fixture
def directory_cache(settings):
    """The directory's cache on, under a version of its own (tests share one prefix)."""
    from django.core.cache import cache

    from partners.directory_cache import VERSION_KEY

    settings.DIRECTORY_CACHE_SECONDS = 60
    cache.set(VERSION_KEY, int.from_bytes(os.urandom(4), "big"), timeout=300)
    yield
    cache.delete(VERSION_KEY)
