"""R4: PostgreSQL restarted under load (our own cluster, initdb/pg_ctl as an unprivileged
user): no error from 5 s after it is back, and worker and beat carry on without a restart."""

import subprocess
import threading
import time
import uuid
from collections import Counter

import psycopg
import pytest

from tests.factories import PASSWORD, UserFactory

from .conftest import shared_database_url
from .harness import Outcome, Portal, PostgresCluster, Visitor, wait_until

LOAD_BEFORE = 6
LOAD_AFTER = 15


def copy_database(source_url: str, cluster: PostgresCluster, name: str) -> str:
    """The pytest database (schema, migration data, the test's users) copied to our cluster."""
    subprocess.run(  # noqa: S603
        ["psql", cluster.url("postgres"), "-qc", f'CREATE DATABASE "{name}"'],  # noqa: S607
        check=True,
        capture_output=True,
    )
    dump = subprocess.run(  # noqa: S603
        ["pg_dump", "--no-owner", "--no-privileges", source_url],  # noqa: S607
        check=True,
        capture_output=True,
    )
    subprocess.run(  # noqa: S603
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", cluster.url(name)],  # noqa: S607
        input=dump.stdout,
        check=True,
        capture_output=True,
    )
    return cluster.url(name)


def visit_until(stop: threading.Event, visitor: Visitor, email: str, outcomes: list[Outcome]):
    while not stop.is_set():
        outcomes += visitor.home()
        outcomes += visitor.sign_in(email, PASSWORD)
        stop.wait(2.5)  # under the production limit of 30 sign-ins a minute per address


@pytest.fixture
def own_postgres(chaos_dir):
    cluster = PostgresCluster(chaos_dir)
    yield cluster
    cluster.stop()


@pytest.mark.chaos
@pytest.mark.timeout(400)
def test_r4_a_postgres_restart_under_load_heals_within_5_seconds(
    transactional_db, chaos_dir, own_postgres, own_redis, smtp_sink, record_property
):
    users = [UserFactory(email=f"r4-person{number}@example.org") for number in range(2)]
    database_url = copy_database(shared_database_url(), own_postgres, "iomcso_chaos")
    portal = Portal(
        directory=chaos_dir,
        database_url=database_url,
        redis_url=own_redis.url,
        smtp_port=smtp_sink.port,
    )
    try:
        portal.start_web()
        portal.start_worker()
        portal.start_beat()

        def heartbeat_after(moment: float) -> bool:
            with psycopg.connect(database_url, connect_timeout=3) as connection:
                row = connection.execute(
                    "SELECT extract(epoch FROM max(seen_at)) FROM core_workerheartbeat"
                ).fetchone()
            return bool(row and row[0] and row[0] > moment)

        assert wait_until(lambda: heartbeat_after(0), 60), portal.log_tail("worker")
        stop = threading.Event()
        outcomes: list[list[Outcome]] = [[] for _ in users]
        threads = [
            threading.Thread(
                target=visit_until,
                args=(stop, Visitor(portal.base_url, f"198.51.100.{n + 1}"), user.email, mine),
            )
            for n, (user, mine) in enumerate(zip(users, outcomes, strict=True))
        ]
        for thread in threads:
            thread.start()
        time.sleep(LOAD_BEFORE)
        restart_began = time.monotonic()
        own_postgres.restart()
        back_at = time.monotonic()
        back_at_epoch = time.time()
        time.sleep(LOAD_AFTER)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

        # An email queued after the restart is delivered: the worker's connections healed.
        visitor = Visitor(portal.base_url, "198.51.100.99")
        email = f"r4-{uuid.uuid4().hex[:8]}@example.org"
        signed_up = visitor.sign_up(email)[-1]
        delivered = wait_until(lambda: any(email in item.to for item in smtp_sink.received), 45)
        beat_and_worker = wait_until(lambda: heartbeat_after(back_at_epoch), 45)
        alive = {name: process.poll() is None for name, process in portal.processes.items()}
    finally:
        portal.stop()

    every = [outcome for mine in outcomes for outcome in mine]
    failed = [o for o in every if o.status >= 500 or o.status == 0 or o.status == 429]
    settled = [o for o in failed if o.started >= back_at + 5]
    statuses = Counter(o.status for o in failed)
    record_property(
        "figures",
        (
            f"R4 PostgreSQL restarted under load (restart took {back_at - restart_began:.1f} s): "
            f"{len(every)} responses, {len(failed)} failed around the restart {dict(statuses)}, "
            f"{len(settled)} "
            f"failed from 5 s after it was back; email after the restart delivered {delivered}; "
            f"heartbeat after the restart (beat + worker) {beat_and_worker}; still running "
            f"without restart {alive}"
        ),
    )
    assert settled == []
    assert signed_up.status == 302
    assert delivered, portal.log_tail("worker")
    assert beat_and_worker, portal.log_tail("beat") + portal.log_tail("worker")
    assert all(alive.values())
