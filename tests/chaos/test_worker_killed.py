"""R2: the whole worker killed with kill -9, again and again, while it delivers 500 emails and
runs a reminder scan of 200: nothing is missing, every duplicate is a logged re-send with the
same Message-ID, and the reminder run completes without waiting for the visibility timeout."""

import datetime
import os
import time
from collections import Counter

import pytest
from django.utils import timezone

from iomcso.core.models import OutboxMessage, ReminderLog
from tests.partners.factories import OrganizationMemberFactory, VerifiedOrganizationFactory

from .harness import Publisher, queue_emails, wait_until

EMAILS = int(os.environ.get("CHAOS_R2_EMAILS", "500"))
REMINDERS = int(os.environ.get("CHAOS_R2_REMINDERS", "200"))
KILLS = int(os.environ.get("CHAOS_R2_KILLS", "20"))
REMINDER_SCAN = "partners.tasks.send_profile_confirmation_reminders_task"


@pytest.mark.chaos
@pytest.mark.timeout(600)
def test_r2_killing_the_worker_loses_no_email_and_marks_every_duplicate_as_a_re_send(
    portal, own_redis, smtp_sink, record_property
):
    a_year_ago = timezone.now() - datetime.timedelta(days=400)
    for organization in VerifiedOrganizationFactory.create_batch(
        REMINDERS, profile_confirmed_at=a_year_ago
    ):
        OrganizationMemberFactory(organization=organization)
    message_ids = queue_emails(EMAILS, "r2")
    publisher = Publisher(own_redis.url)
    portal.start_beat()
    portal.start_worker()
    publisher.deliver(message_ids)
    publisher.send(REMINDER_SCAN)

    started = time.monotonic()
    kills_during_delivery = 0
    for kill in range(KILLS):
        # Let the new worker start and take tasks, then kill it mid-way.
        time.sleep(2.5 + (kill % 3) * 0.5)
        if OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).exists():
            kills_during_delivery += 1
        portal.kill_worker()
        portal.start_worker()
    last_kill = time.monotonic()
    # The next periodic scan (beat runs it daily) picks up the reminders the killed run left.
    publisher.send(REMINDER_SCAN)

    expected_total = EMAILS + REMINDERS
    done = wait_until(
        lambda: (
            ReminderLog.objects.count() == REMINDERS
            and OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count()
            == expected_total
        ),
        timeout=240,
        interval=1,
    )
    recovered_after = time.monotonic() - last_kill
    publisher.close()

    rows = OutboxMessage.objects.all()
    received = Counter(smtp_sink.message_ids())
    from iomcso.core.services import outbox_message_id

    expected_ids = {outbox_message_id(row): row for row in rows}
    missing = [message_id for message_id in expected_ids if message_id not in received]
    duplicated = {message_id: copies for message_id, copies in received.items() if copies > 1}
    unmarked = [
        message_id
        for message_id in duplicated
        if expected_ids[message_id].attempts < 2
        or "re-send" not in expected_ids[message_id].last_error
    ]
    copies_marked = all(item.attempt >= 2 for item in smtp_sink.duplicates())
    reminder_rows = ReminderLog.objects.count()

    record_property(
        "figures",
        (
            f"R2 worker killed -9 {KILLS} times ({kills_during_delivery} during delivery) over "
            f"{last_kill - started:.0f} s: {expected_total} emails ({EMAILS} + reminder run of "
            f"{REMINDERS}), sent {rows.filter(status=OutboxMessage.Status.SENT).count()}, "
            f"missing {len(missing)}, duplicates {sum(copies - 1 for copies in duplicated.values())}"
            f" ({len(duplicated)} emails; unmarked {len(unmarked)}), reminder rows {reminder_rows}, "
            f"everything delivered {recovered_after:.0f} s after the last kill "
            f"(visibility timeout 2400 s)"
        ),
    )
    assert done, portal.log_tail("worker") + portal.log_tail("beat")
    assert missing == []
    assert unmarked == []
    assert copies_marked
    assert reminder_rows == REMINDERS
    assert recovered_after < 600  # far below the visibility timeout
