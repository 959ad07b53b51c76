"""Fixtures of the fault-injection tests: each test gets its own Redis, SMTP sink and portal."""

import shutil
from collections.abc import Iterator

import pytest
from django.db import connection

from .harness import Portal, RedisServer, chaos_directory, start_smtp_sink


@pytest.fixture
def chaos_dir():
    directory = chaos_directory()
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def own_redis(chaos_dir) -> Iterator[RedisServer]:
    server = RedisServer(chaos_dir)
    yield server
    server.stop()


@pytest.fixture
def smtp_sink():
    sink, controller, port = start_smtp_sink()
    sink.port = port  # type: ignore[attr-defined]
    yield sink
    controller.stop()


def shared_database_url() -> str:
    """The pytest database, which the portal's processes use too (the test commits its data)."""
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


@pytest.fixture
def portal(transactional_db, chaos_dir, own_redis, smtp_sink, request) -> Iterator[Portal]:
    running = Portal(
        directory=chaos_dir,
        database_url=shared_database_url(),
        redis_url=own_redis.url,
        smtp_port=smtp_sink.port,
    )
    yield running
    running.stop()
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        for name in running.processes:
            print(f"--- {name} ---\n{running.log_tail(name, 60)}")  # noqa: T201


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
