"""At-least-once delivery made visible, the sweep, the worker heartbeat, stuck report builds,
the Redis breaker and the visibility timeout."""

import datetime
import logging
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from iomcso.celery import app
from iomcso.core import redis_budget
from iomcso.core.models import OutboxMessage, WorkerHeartbeat
from iomcso.core.redis_budget import RedisUnavailable, redis_call
from iomcso.core.services import (
    outbox_dispatch_pending,
    outbox_message_deliver,
    outbox_message_id,
    worker_heartbeat_record,
)


def queued(**fields) -> OutboxMessage:
    return OutboxMessage.objects.create(
        to=["someone@example.org"], subject="Hello", body_text="Hello", language="en", **fields
    )


def test_every_copy_of_an_email_carries_the_same_message_id_derived_from_its_outbox_row(db):
    message = queued()

    outbox_message_deliver(message_id=message.pk)

    sent = mail.outbox[0]
    assert sent.extra_headers["Message-ID"] == outbox_message_id(message)
    assert f"outbox.{message.pk}." in sent.message()["Message-ID"]
    assert sent.extra_headers["X-Outbox-Attempt"] == "1"


def test_a_send_interrupted_by_a_dead_worker_is_sent_again_and_logged_as_a_re_send(db, caplog):
    # The first attempt was recorded, then the worker died before marking the row sent.
    message = queued(attempts=1, sending_since=timezone.now() - datetime.timedelta(minutes=5))

    with caplog.at_level(logging.WARNING, logger="iomcso.core.services"):
        assert outbox_message_deliver(message_id=message.pk) is True

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 2
    assert message.resent
    assert "re-send" in message.last_error
    assert "re-sends after an interrupted attempt" in caplog.text
    assert mail.outbox[0].extra_headers["X-Outbox-Attempt"] == "2"
    assert mail.outbox[0].extra_headers["Message-ID"] == outbox_message_id(message)


def test_an_attempt_under_way_is_not_sent_a_second_time_by_another_worker(db):
    message = queued(attempts=1, sending_since=timezone.now())

    assert outbox_message_deliver(message_id=message.pk) is False
    assert mail.outbox == []


def test_the_attempt_is_committed_before_the_smtp_send(transactional_db, settings):
    """Another connection sees the attempt while the send is under way."""
    message = queued()
    seen_during_send = {}

    class WatchingBackend:
        def __init__(self, *args, **kwargs):
            pass

        def send_messages(self, messages):
            def look() -> None:
                row = OutboxMessage.objects.get(pk=message.pk)
                seen_during_send["attempts"] = row.attempts
                seen_during_send["sending"] = row.sending_since is not None
                connection.close()

            thread = threading.Thread(target=look)
            thread.start()
            thread.join()
            return len(messages)

    settings.EMAIL_BACKEND = f"{__name__}.WatchingBackend"
    globals()["WatchingBackend"] = WatchingBackend

    outbox_message_deliver(message_id=message.pk)

    assert seen_during_send == {"attempts": 1, "sending": True}


def test_the_sweep_takes_old_undispatched_rows_and_leaves_recently_dispatched_ones(
    db, settings, monkeypatch
):
    dispatched: list[int] = []

    def dispatch(*, message_id: int) -> bool:
        dispatched.append(message_id)
        return True

    monkeypatch.setattr("iomcso.core.services.outbox_message_dispatch", dispatch)
    old = timezone.now() - datetime.timedelta(seconds=20)
    never_dispatched = queued()
    handed_over_just_now = queued(dispatched_at=timezone.now())
    handed_over_long_ago = queued(dispatched_at=timezone.now() - datetime.timedelta(minutes=5))
    backing_off = queued(next_attempt_at=timezone.now() + datetime.timedelta(minutes=1))
    brand_new = queued()
    OutboxMessage.objects.exclude(pk=brand_new.pk).update(created_at=old)

    assert outbox_dispatch_pending() == 2

    assert sorted(dispatched) == sorted([never_dispatched.pk, handed_over_long_ago.pk])
    assert handed_over_just_now.pk not in dispatched
    assert backing_off.pk not in dispatched
    # A second sweep right away finds them claimed: no double dispatch.
    assert outbox_dispatch_pending() == 0


def test_two_sweeps_at_once_never_dispatch_the_same_row(transactional_db, monkeypatch):
    dispatched: list[int] = []

    def dispatch(*, message_id: int) -> bool:
        dispatched.append(message_id)
        return True

    monkeypatch.setattr("iomcso.core.services.outbox_message_dispatch", dispatch)
    for _ in range(40):
        queued()
    OutboxMessage.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=1))

    def sweep() -> None:
        outbox_dispatch_pending()
        connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(dispatched) == 40
    assert len(set(dispatched)) == 40


def test_the_sweep_runs_every_15_seconds_and_the_heartbeat_too(db):
    from django_celery_beat.models import PeriodicTask

    for task in ("iomcso.core.tasks.sweep_outbox_task", "iomcso.core.tasks.worker_heartbeat_task"):
        schedule = PeriodicTask.objects.get(task=task).interval
        assert (schedule.every, schedule.period) == (15, "seconds")


def test_healthz_reports_the_worker_stale_without_failing_unless_asked(client, db, settings):
    body = client.get("/healthz").json()
    assert body["worker"] == "stale"
    assert body["status"] == "degraded"
    assert client.get("/healthz").status_code == 200

    required = client.get("/healthz?require=worker")
    assert required.status_code == 503
    assert required.json()["failed"] == ["worker"]

    worker_heartbeat_record(worker="celery@host")
    fresh = client.get("/healthz?require=worker")
    assert fresh.status_code == 200
    assert fresh.json()["worker"] == "ok"
    assert fresh.json()["status"] == "ok"

    WorkerHeartbeat.objects.update(
        seen_at=timezone.now()
        - datetime.timedelta(seconds=settings.WORKER_HEARTBEAT_STALE_SECONDS + 1)
    )
    assert client.get("/healthz").json()["worker"] == "stale"


def test_the_heartbeat_task_records_the_worker_that_ran_it(db):
    from iomcso.core.tasks import worker_heartbeat_task

    worker_heartbeat_task.apply()
    worker_heartbeat_task.apply()

    assert WorkerHeartbeat.objects.count() == 1
    assert WorkerHeartbeat.objects.get().seen_at > timezone.now() - datetime.timedelta(seconds=5)


def test_after_repeated_failures_the_whole_process_skips_redis_for_a_while(settings):
    settings.REDIS_BREAKER_FAILURES = 3
    settings.REDIS_BREAKER_OPEN_SECONDS = 60
    calls = []

    def failing():
        calls.append(1)
        raise ConnectionError("refused")

    for _ in range(3):
        with pytest.raises(RedisUnavailable):
            redis_call(failing)
    with pytest.raises(RedisUnavailable, match="breaker"):
        redis_call(failing)

    assert len(calls) == 3
    redis_budget.redis_breaker_reset()
    assert redis_call(lambda: "answered") == "answered"


def test_no_task_time_limit_reaches_the_visibility_timeout():
    """A task still running when the visibility timeout passes would be delivered twice."""
    limit = app.conf.broker_transport_options["visibility_timeout"]
    app.loader.import_default_modules()
    longest = max(
        (task.time_limit or app.conf.task_time_limit or 0)
        for name, task in app.tasks.items()
        if not name.startswith("celery.")
    )
    assert 0 < longest < limit
    assert limit <= 2400


def test_report_builds_left_running_by_a_dead_worker_are_queued_again(db, monkeypatch):
    from observers import recovery, services
    from observers.models import EligibilityReport, ReportStatus

    queued_ids: list[int] = []
    monkeypatch.setattr(
        "observers.tasks.build_eligibility_report_task.apply_async",
        lambda *, kwargs, retry: queued_ids.append(kwargs["report_id"]),
    )
    long_ago = timezone.now() - datetime.timedelta(
        seconds=services.REPORT_BUILD_TIME_LIMIT_SECONDS + 60
    )
    stuck = EligibilityReport.objects.create(
        kind="applications", status=ReportStatus.RUNNING, started_at=long_ago
    )
    building = EligibilityReport.objects.create(
        kind="applications", status=ReportStatus.RUNNING, started_at=timezone.now()
    )
    never_queued = EligibilityReport.objects.create(kind="applications")
    EligibilityReport.objects.filter(pk=never_queued.pk).update(
        requested_at=timezone.now() - datetime.timedelta(hours=1)
    )
    just_asked = EligibilityReport.objects.create(kind="applications")

    assert recovery.reports_requeue_stuck() == 2

    assert sorted(queued_ids) == sorted([stuck.pk, never_queued.pk])
    assert building.pk not in queued_ids
    assert just_asked.pk not in queued_ids
