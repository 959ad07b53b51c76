"""R5: Redis restarted without persistence (every queued task gone): the worker survives or is
restarted within 30 s, and no email is lost (the outbox sweep dispatches what Redis forgot)."""

import os
import time

import pytest

from iomcso.core.models import OutboxMessage

from .harness import Publisher, queue_emails, wait_until

RESTARTS = int(os.environ.get("CHAOS_R5_RESTARTS", "3"))


@pytest.mark.chaos
@pytest.mark.timeout(400)
def test_r5_a_redis_restart_leaves_a_working_worker_and_loses_no_email(
    portal, own_redis, smtp_sink, record_property
):
    portal.start_beat()
    portal.start_worker(supervised=True)
    publisher = Publisher(own_redis.url)
    first = queue_emails(100, "r5-before")
    publisher.deliver(first)
    assert wait_until(
        lambda: OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).exists(), 60
    ), portal.log_tail("worker")

    back_within = []
    for restart in range(RESTARTS):
        in_flight = queue_emails(50, f"r5-restart{restart}")
        publisher.deliver(in_flight)
        time.sleep(0.5)
        own_redis.restart()
        restarted_at = time.monotonic()
        probe = queue_emails(1, f"r5-probe{restart}")
        # The probe is handed over again until a worker takes it (a web process would leave it
        # to the sweep; this measures the worker, not the sweep).

        def probe_sent(probe: list[int] = probe) -> bool:
            publisher.deliver(probe)
            return OutboxMessage.objects.filter(
                pk=probe[0], status=OutboxMessage.Status.SENT
            ).exists()

        answered = wait_until(probe_sent, timeout=60, interval=2)
        back_within.append(time.monotonic() - restarted_at if answered else float("inf"))
    total = OutboxMessage.objects.count()
    everything_sent = wait_until(
        lambda: OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == total,
        timeout=120,
        interval=1,
    )
    publisher.close()
    worker_log = (portal.directory / "worker.log").read_text(errors="replace")
    worker_restarts = worker_log.count("keep_running:")
    crashes = worker_log.count("Unrecoverable error")

    record_property(
        "figures",
        (
            f"R5 Redis restarted {RESTARTS} times without persistence: worker consuming again "
            f"after {', '.join(f'{seconds:.1f}' for seconds in back_within)} s; worker restarts "
            f"{worker_restarts} (unrecoverable errors {crashes}); {total} emails, sent "
            f"{OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count()}, "
            f"received {len(set(smtp_sink.message_ids()))}"
        ),
    )
    assert max(back_within) <= 30, portal.log_tail("worker", 80)
    assert everything_sent, portal.log_tail("worker") + portal.log_tail("beat")
    assert len(set(smtp_sink.message_ids())) == total
