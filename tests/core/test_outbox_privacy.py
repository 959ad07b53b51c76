"""The outbox forgets: sent bodies are emptied after OUTBOX_BODY_RETENTION_DAYS, emails
written to a deleted user leave with the account, and password-reset or verification
bodies are never shown in the admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from iomcso.accounts.services import user_delete
from iomcso.core.models import OutboxMessage
from iomcso.core.services import BODY_PURGED
from iomcso.core.tasks import purge_outbox_bodies_task
from tests.factories import SuperUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def message(to, *, template="emails/notice", sent_days_ago=None, body="Hello, see the link"):
    sent = sent_days_ago is not None
    return OutboxMessage.objects.create(
        to=[to],
        subject="Subject",
        body_text=body,
        body_html=f"<p>{body}</p>",
        language="en",
        template=template,
        status=OutboxMessage.Status.SENT if sent else OutboxMessage.Status.PENDING,
        sent_at=timezone.now() - datetime.timedelta(days=sent_days_ago) if sent else None,
    )


def test_bodies_of_emails_sent_over_30_days_ago_are_emptied_by_a_task_safe_to_run_twice():
    old = message("a@example.org", sent_days_ago=31)
    recent = message("b@example.org", sent_days_ago=29)
    pending = message("c@example.org")

    assert purge_outbox_bodies_task() == 1
    assert purge_outbox_bodies_task() == 0

    old.refresh_from_db()
    assert (old.body_text, old.body_html, old.subject) == (BODY_PURGED, "", "Subject")
    assert OutboxMessage.objects.get(pk=recent.pk).body_text == "Hello, see the link"
    assert OutboxMessage.objects.get(pk=pending.pk).body_text == "Hello, see the link"


def test_deleting_an_account_removes_the_emails_written_to_it():
    user = UserFactory(email="leaving@example.org")
    message("leaving@example.org", sent_days_ago=1)
    kept = message("staying@example.org", sent_days_ago=1)

    user_delete(user=user, actor=user)

    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [kept.pk]


def test_a_password_reset_body_is_never_shown_in_the_admin(client):
    reset = message(
        "x@example.org",
        template="account/email/password_reset_key",
        sent_days_ago=1,
        body="SECRET-RESET-LINK",
    )
    notice = message("y@example.org", sent_days_ago=1, body="An ordinary notice")
    client.force_login(SuperUserFactory())

    reset_page = client.get(reverse("admin:core_outboxmessage_change", args=[reset.pk]))
    notice_page = client.get(reverse("admin:core_outboxmessage_change", args=[notice.pk]))

    assert reset_page.status_code == 200
    assert "SECRET-RESET-LINK" not in reset_page.content.decode()
    assert "x@example.org" in reset_page.content.decode()
    assert "An ordinary notice" in notice_page.content.decode()


def test_the_personal_data_export_includes_delegate_registrations_and_session_delegates(client):
    import datetime as dt

    from observers.models import Observer, SessionDelegate
    from tests.consultations.factories import RegistrationFactory
    from tests.observers.factories import CouncilSessionFactory
    from tests.partners.factories import VerifiedOrganizationFactory

    user = UserFactory(email="delegate@example.org")
    RegistrationFactory(email="Delegate@example.org", full_name="Dee Legate")
    RegistrationFactory(email="someone.else@example.org")
    session = CouncilSessionFactory()
    observer = Observer.objects.create(
        organization=VerifiedOrganizationFactory(), since=dt.date(2024, 1, 1), session=session
    )
    SessionDelegate.objects.create(
        observer=observer, session=session, name="Dee Legate", email="delegate@example.org"
    )
    client.force_login(user)

    data = client.get(reverse("accounts:data_export")).json()

    assert [r["full_name"] for r in data["consultation_registrations"]] == ["Dee Legate"]
    assert [d["name"] for d in data["council_session_delegates"]] == ["Dee Legate"]
