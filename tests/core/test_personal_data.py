"""The core's part of personal data: which addresses are the user's, the order and the
all-or-nothing of the erasure registry, and the outbox's export and erasure."""

import pytest
from allauth.account.models import EmailAddress

from iomcso.core import registry
from iomcso.core.models import OutboxMessage, ReminderLog
from iomcso.core.personal_data import email_matches, user_email_addresses
from iomcso.core.services import outbox_personal_data_erase, outbox_personal_data_export
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _outbox(to: str, subject: str = "Subject") -> OutboxMessage:
    return OutboxMessage.objects.create(
        to=[to], subject=subject, body_text="SECRET-BODY", language="en", template="emails/x"
    )


@pytest.fixture
def user():
    user = UserFactory(email="leaving@example.org")
    EmailAddress.objects.create(user=user, email="Second@Example.org", verified=True)
    EmailAddress.objects.create(user=user, email="unproven@example.org", verified=False)
    return user


def test_the_users_addresses_are_the_sign_in_one_and_every_verified_one_lower_cased(user):
    assert user_email_addresses(user) == ["leaving@example.org", "second@example.org"]


def test_an_address_matches_whatever_its_case_and_no_address_matches_nothing(user):
    OutboxMessage.objects.create(to=[], subject="s", body_text="b", language="en")
    ReminderLog.objects.create(
        kind="k", recipient="SECOND@example.ORG", subject_key="a", period="1"
    )
    ReminderLog.objects.create(kind="k", recipient="other@example.org", subject_key="a", period="1")

    matched = ReminderLog.objects.filter(email_matches("recipient", user_email_addresses(user)))

    assert list(matched.values_list("recipient", flat=True)) == ["SECOND@example.ORG"]
    assert not ReminderLog.objects.filter(email_matches("recipient", [])).exists()


def test_the_outbox_eraser_removes_mail_and_reminder_records_to_every_verified_address(user):
    _outbox("LEAVING@example.org")
    _outbox("second@example.org")
    kept = [_outbox("joleaving@example.org"), _outbox("unproven@example.org")]
    ReminderLog.objects.create(
        kind="k", recipient="Second@example.org", subject_key="a", period="1"
    )
    other_reminder = ReminderLog.objects.create(
        kind="k", recipient="joleaving@example.org", subject_key="a", period="1"
    )

    outbox_personal_data_erase(user)

    # A longer address containing the user's, and an address the user never proved, stay.
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {m.pk for m in kept}
    assert list(ReminderLog.objects.values_list("pk", flat=True)) == [other_reminder.pk]


def test_the_outbox_export_lists_the_emails_written_to_the_user_without_their_bodies(user):
    _outbox("second@example.org", subject="Your invitation")
    _outbox("someone@example.org", subject="Not yours")

    data = outbox_personal_data_export(user)

    assert [email["subject"] for email in data["emails_sent_to_you"]] == ["Your invitation"]
    assert "SECRET-BODY" not in str(data)


def test_erasers_run_last_registered_first_and_all_or_nothing(monkeypatch, user):
    calls: list[str] = []

    def core(user):
        calls.append("core")

    def app(user):
        calls.append("app")
        _outbox("leaving@example.org", subject="written by the app's erasure")

    monkeypatch.setattr(registry, "_erasers", [core, app])
    registry.personal_data_erase(user)
    assert calls == ["app", "core"]

    def failing(user):
        raise RuntimeError("erasure failed")

    monkeypatch.setattr(registry, "_erasers", [failing, app])
    with pytest.raises(RuntimeError):
        registry.personal_data_erase(user)
    # What the app wrote before the failure is rolled back with it: one row, the first run's.
    assert OutboxMessage.objects.filter(subject="written by the app's erasure").count() == 1


def test_every_app_registers_an_eraser_and_the_outbox_is_erased_last():
    erasers = [f"{eraser.__module__}.{eraser.__name__}" for eraser in registry._erasers]

    assert sorted(erasers) == [
        "consultations.personal_data.erase_personal_data",
        "iomcso.core.services.outbox_personal_data_erase",
        "observers.personal_data.erase_personal_data",
        "partners.personal_data.erase_personal_data",
    ]
    assert erasers[0] == "iomcso.core.services.outbox_personal_data_erase"
