"""A query interrupted by an exception that is not a database error (a time limit's signal:
Celery's soft time limit, pytest-timeout) must not leave its connection in the middle of a
command (iomcso/core/database/base.py). psycopg cancels the query itself only for
KeyboardInterrupt and SystemExit; for anything else the connection stayed "active" and its
next query failed with "another command is already in progress" (the Schemathesis 500 seen
once under load)."""

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import connection

from partners.models import Organization
from tests.partners.factories import VerifiedOrganizationFactory
from tests.time_limits import soft_time_limit

SLEEP = "SELECT pg_sleep(10)"


def interrupted_query() -> None:
    with (
        pytest.raises(SoftTimeLimitExceeded),
        soft_time_limit(0.3),
        connection.cursor() as cursor,
    ):
        cursor.execute(SLEEP)


def test_the_next_query_after_an_interrupted_one_answers(transactional_db):
    VerifiedOrganizationFactory()

    interrupted_query()

    assert Organization.objects.count() == 1


def test_an_interrupted_query_is_cancelled_on_the_server(transactional_db):
    interrupted_query()

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE query = %s AND state = 'active'",
            [SLEEP],
        )
        assert cursor.fetchone() == (0,)


def test_a_query_that_ends_normally_keeps_its_connection(transactional_db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    first = connection.connection

    Organization.objects.count()

    assert connection.connection is first
