"""The last seat under real concurrent transactions: two threads, two database connections."""

import threading
import time

import pytest
from django.db import connection, transaction

from consultations import services
from consultations.models import Registration

from .factories import ConsultationFactory, RegistrationFactory, VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _delegate(name: str) -> services.DelegateData:
    return services.DelegateData(full_name=name, email=f"{name.lower()}@example.org")


def _in_thread(target, results, key):
    def run():
        try:
            results[key] = target()
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[key] = error
        finally:
            connection.close()

    return threading.Thread(target=run)


def test_two_organizations_taking_the_last_seat_at_once_one_gets_it_the_other_is_waitlisted():
    consultation = ConsultationFactory(capacity=2)
    RegistrationFactory(consultation=consultation)  # one seat left
    first_org, second_org = VerifiedOrganizationFactory(), VerifiedOrganizationFactory()
    first_holds_lock = threading.Event()
    results: dict = {}

    def first():
        with transaction.atomic():
            registration = services.registration_create(
                consultation=consultation,
                organization=first_org,
                delegate=_delegate("First"),
                actor=None,
            )
            first_holds_lock.set()
            # Keep the transaction open: the second request arrives meanwhile.
            time.sleep(0.7)
        return registration.status

    def second():
        assert first_holds_lock.wait(10)
        started = time.monotonic()
        registration = services.registration_create(
            consultation=consultation,
            organization=second_org,
            delegate=_delegate("Second"),
            actor=None,
        )
        return registration.status, time.monotonic() - started

    threads = [_in_thread(first, results, "first"), _in_thread(second, results, "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert results["first"] == Registration.Status.CONFIRMED
    second_status, waited = results["second"]
    assert second_status == Registration.Status.WAITLISTED
    # The second request really waited for the first to commit (it was blocked on the lock).
    assert waited >= 0.4
    assert consultation.registrations.filter(status="confirmed").count() == 2
    assert consultation.registrations.filter(status="waitlisted").count() == 1


def test_many_simultaneous_registrations_never_exceed_the_capacity():
    consultation = ConsultationFactory(capacity=3, max_delegates_per_organization=1)
    organizations = [VerifiedOrganizationFactory() for _ in range(6)]
    barrier = threading.Barrier(len(organizations))
    results: dict = {}

    def register(organization, index):
        def run():
            barrier.wait(10)
            return services.registration_create(
                consultation=consultation,
                organization=organization,
                delegate=_delegate(f"Delegate{index}"),
                actor=None,
            ).status

        return run

    threads = [
        _in_thread(register(organization, index), results, index)
        for index, organization in enumerate(organizations)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results.values()) == ["confirmed"] * 3 + ["waitlisted"] * 3
    assert consultation.registrations.filter(status="confirmed").count() == 3
