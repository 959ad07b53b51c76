"""Fixtures shared by the whole suite: real PostgreSQL, real Redis, a real Celery worker."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


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
        app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="WARNING"
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
