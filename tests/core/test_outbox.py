"""Nothing is lost when Redis or the worker is down, and no request hangs on them."""

import datetime
import threading
import time
import uuid
from typing import Any

import pytest
import redis
from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from iomcso.core.models import OutboxMessage
from iomcso.core.services import (
    email_queue_rendered,
    outbox_message_deliver,
    outbox_message_dispatch,
    reminder_send_once,
)
from iomcso.core.tasks import deliver_outbox_message_task, sweep_outbox_task

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"
RUNS_KEY_PREFIX = "iomcso-test-runs:"


@shared_task(name="tests.core.record_run")
def record_run_task(*, key: str, marker: str) -> None:
    """Writes a marker to Redis so the test can see that the worker ran it."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2)
    try:
        client.rpush(key, marker)
        client.expire(key, 300)
    finally:
        client.close()


def wait_until(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def signup_data(email: str) -> dict[str, str]:
    return {
        "full_name": "Amina Diallo",
        "email": email,
        "password1": "a long and unusual passphrase 42",
        "password2": "a long and unusual passphrase 42",
        "accept_privacy_notice": "on",
    }


@pytest.mark.worker
def test_signup_while_broker_is_down_is_saved_fast_and_its_email_is_delivered_when_broker_is_back(
    client, transactional_db, point_broker_at, request
):
    email = "amina@example.org"
    point_broker_at(UNREACHABLE_BROKER)

    started = time.monotonic()
    response = client.post("/en/accounts/signup/", signup_data(email))
    elapsed = time.monotonic() - started

    assert response.status_code == 302, response.content.decode()[:2000]
    assert elapsed < 3, f"the request took {elapsed:.1f}s with the broker down"
    assert get_user_model().objects.filter(email=email).exists()
    waiting = OutboxMessage.objects.get(to=[email])
    assert waiting.status == OutboxMessage.Status.PENDING
    assert mail.outbox == []

    # The broker comes back; the periodic sweep finds the row a minute later.
    point_broker_at(settings.CELERY_BROKER_URL)
    OutboxMessage.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    request.getfixturevalue("celery_worker")
    sweep_outbox_task.delay()

    assert wait_until(lambda: len(mail.outbox) == 1), "the waiting email was never delivered"
    waiting.refresh_from_db()
    assert waiting.status == OutboxMessage.Status.SENT
    assert mail.outbox[0].to == [email]
    assert waiting.attempts == 1

    # A second sweep finds nothing pending: the email is not sent twice.
    sweep_outbox_task.delay()
    key = f"{RUNS_KEY_PREFIX}{uuid.uuid4().hex}"
    record_run_task.delay(key=key, marker="after-second-sweep")
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    assert wait_until(lambda: broker.lrange(key, 0, -1) == [b"after-second-sweep"])
    assert len(mail.outbox) == 1


@pytest.mark.worker
def test_task_enqueued_inside_a_rolled_back_transaction_never_runs(celery_worker):
    key = f"{RUNS_KEY_PREFIX}{uuid.uuid4().hex}"
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)

    def failing_change() -> None:
        with transaction.atomic():
            # The app's task class (PortalTask) has delay_on_commit; the stubs see a plain Task.
            record_run_task.delay_on_commit(key=key, marker="rolled-back")  # type: ignore[attr-defined]
            email_queue_rendered(
                to="nobody@example.org",
                subject="Never",
                body_text="Never sent.",
                body_html="",
                language="en",
            )
            raise RuntimeError("the change fails")

    with pytest.raises(RuntimeError):
        failing_change()

    with transaction.atomic():
        record_run_task.delay_on_commit(key=key, marker="committed")  # type: ignore[attr-defined]

    # The worker takes tasks in order: once "committed" ran, a leaked task would have too.
    assert wait_until(lambda: broker.lrange(key, 0, -1) != [])
    assert broker.lrange(key, 0, -1) == [b"committed"]
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def run_bounded(function, *, limit: float):
    """Runs ``function`` in a thread; returns (result or exception, seconds taken).

    Fails the test after ``limit`` seconds instead of hanging with the code under test.
    """
    outcome: dict = {}

    def target() -> None:
        started = time.monotonic()
        try:
            outcome["result"] = function()
        except Exception as error:  # noqa: BLE001 - handed back to the test
            outcome["result"] = error
        outcome["elapsed"] = time.monotonic() - started

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout=limit)
    assert not thread.is_alive(), f"still waiting after {limit}s: a frozen Redis froze the caller"
    return outcome["result"], outcome["elapsed"]


def test_publishing_to_a_frozen_redis_gives_up_within_seconds(
    db, frozen_redis_url, point_broker_at
):
    point_broker_at(frozen_redis_url)

    dispatched, elapsed = run_bounded(lambda: outbox_message_dispatch(message_id=1), limit=6)
    assert dispatched is False
    assert elapsed < 6

    # A plain .delay() with the project's retry policy is bounded too, and raises.
    error, elapsed = run_bounded(lambda: deliver_outbox_message_task.delay(message_id=1), limit=8)
    assert isinstance(error, Exception), f"published to a frozen Redis: {error!r}"
    assert elapsed < 8


def test_cache_on_a_frozen_redis_answers_a_miss_within_seconds(frozen_redis_url):
    from django_redis.cache import RedisCache

    params = {**settings.CACHES["default"], "KEY_PREFIX": "frozen-test"}
    params.pop("LOCATION")
    params.pop("BACKEND")
    cache = RedisCache(frozen_redis_url, params)

    value, elapsed = run_bounded(lambda: cache.get("anything", "missing"), limit=5)
    assert value == "missing"
    assert elapsed < 5


def test_delivery_sends_multipart_email_in_its_language_once(db):
    message = email_queue_rendered(
        to=["focal.point@example.org"],
        subject="Bienvenue",
        body_text="Bonjour.",
        body_html="<p>Bonjour.</p>",
        language="fr",
    )

    assert outbox_message_deliver(message_id=message.pk) is True
    assert outbox_message_deliver(message_id=message.pk) is False

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert isinstance(sent, EmailMultiAlternatives)
    assert sent.body == "Bonjour."
    assert sent.alternatives[0][1] == "text/html"
    assert sent.extra_headers["Content-Language"] == "fr"
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.sent_at is not None


def test_failed_delivery_stays_pending_with_its_error_then_fails_after_the_last_attempt(
    db, settings
):
    settings.EMAIL_BACKEND = "tests.core.failing_email_backend.EmailBackend"
    message = email_queue_rendered(
        to=["someone@example.org"], subject="Hi", body_text="Hi", body_html="", language="en"
    )

    assert outbox_message_deliver(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert "SMTP server said no" in message.last_error
    # The next attempt waits (backoff): a delivery now does nothing.
    assert message.next_attempt_at is not None
    assert message.next_attempt_at > timezone.now()
    assert outbox_message_deliver(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.attempts == 1

    OutboxMessage.objects.filter(pk=message.pk).update(attempts=7, next_attempt_at=None)
    assert outbox_message_deliver(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED


def test_reminder_is_queued_once_per_recipient_subject_and_period(db, deliver_outbox):
    arguments: dict[str, Any] = {
        "kind": "profile_confirmation",
        "recipient": "Admin@Example.org",
        "subject_key": "organization:1",
        "period": "2026",
        "template": "",
        "context": {},
        "language": "en",
    }
    from unittest import mock

    from iomcso.core.emails import RenderedEmail

    rendered = RenderedEmail(subject="Please confirm", body_text="Please.", body_html="<p>P</p>")
    with mock.patch("iomcso.core.services.render_email", return_value=rendered):
        assert reminder_send_once(**arguments) is True
        assert reminder_send_once(**arguments) is False
        assert reminder_send_once(**{**arguments, "period": "2027"}) is True

    assert deliver_outbox() == 2
    assert [sent.subject for sent in mail.outbox] == ["Please confirm", "Please confirm"]


@pytest.mark.worker
def test_deliver_task_run_twice_sends_once(celery_worker):
    message = email_queue_rendered(
        to=["twice@example.org"], subject="Once", body_text="Once", body_html="", language="en"
    )
    deliver_outbox_message_task.delay(message_id=message.pk)
    deliver_outbox_message_task.delay(message_id=message.pk)
    key = f"{RUNS_KEY_PREFIX}{uuid.uuid4().hex}"
    record_run_task.delay(key=key, marker="done")
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)

    assert wait_until(lambda: broker.lrange(key, 0, -1) == [b"done"])
    assert len(mail.outbox) == 1


def test_text_only_email_still_goes_out_with_an_html_part(db, deliver_outbox):
    email_queue_rendered(
        to=["text.only@example.org"],
        subject="Your <report>",
        body_text="The report is ready: https://example.org/r/1\nThank you.",
        body_html="",
        language="es",
    )

    assert deliver_outbox() == 1
    sent = mail.outbox[0]
    assert isinstance(sent, EmailMultiAlternatives)
    html, mimetype = sent.alternatives[0]
    assert isinstance(html, str)
    assert mimetype == "text/html"
    assert '<html lang="es" dir="ltr">' in html
    assert '<a href="https://example.org/r/1"' in html
    assert "Your &lt;report&gt;" in html


def test_task_due_beyond_the_visibility_timeout_is_refused_before_it_reaches_redis():
    from iomcso.celery import FarFutureTaskError

    with pytest.raises(FarFutureTaskError, match="periodic scan"):
        deliver_outbox_message_task.apply_async(
            kwargs={"message_id": 1}, countdown=settings.CELERY_VISIBILITY_TIMEOUT + 60
        )
