"""Fixtures for the foundation's tests: a broker that is down, and a Redis that froze."""

import socket
import threading

import pytest


@pytest.fixture
def point_broker_at():
    """Points the Celery app's publisher at another broker address for this test.

    Celery caches its connection and producer pools, so overriding the Django
    setting alone would not reach an already configured app.
    """
    from iomcso.celery import app

    original = app.conf.broker_url

    def point(url: str) -> None:
        # celery-types has broker_url read-only and leaves the private pools out.
        app.conf.broker_url = url  # type: ignore[misc]
        app._pool = None  # type: ignore[attr-defined]
        app.amqp._producer_pool = None  # type: ignore[attr-defined]

    yield point
    point(original)


@pytest.fixture
def frozen_redis_url():
    """A TCP server on a free local port that accepts connections and never answers.

    This is what a frozen Redis looks like to a client: the connection succeeds,
    then every read waits. Only socket timeouts get a client out of it.
    """
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept_forever() -> None:
        while not stop.is_set():
            try:
                connection, _address = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(connection)

    thread = threading.Thread(target=accept_forever, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join(timeout=2)
    for connection in accepted:
        connection.close()
    server.close()
