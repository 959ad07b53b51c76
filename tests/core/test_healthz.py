"""/healthz tells a load balancer whether the database and the broker answer."""

import time

from iomcso.core.models import OutboxMessage


def test_healthz_is_200_when_database_and_broker_answer(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["checks"] == {"database": "ok", "broker": "ok"}
    assert body["failed"] == []
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_naming_the_broker_when_redis_is_unreachable(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["broker"]
    assert body["checks"] == {"database": "ok", "broker": "unreachable"}


def test_healthz_answers_503_within_seconds_when_redis_is_frozen(
    client, db, settings, frozen_redis_url
):
    settings.CELERY_BROKER_URL = frozen_redis_url

    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response.json()["failed"] == ["broker"]
    assert elapsed < 5


def test_healthz_is_outside_the_language_prefix_and_takes_no_writes(client, db):
    assert client.get("/en/healthz").status_code == 404
    assert client.post("/healthz").status_code == 405
    assert not OutboxMessage.objects.exists()


def test_healthz_is_503_naming_the_database_when_postgresql_is_unreachable(
    client, django_db_blocker
):
    from django.db import connection

    with django_db_blocker.unblock():
        connection.close()
        original_port = connection.settings_dict["PORT"]
        connection.settings_dict["PORT"] = 1
        try:
            response = client.get("/healthz")
        finally:
            connection.close()
            connection.settings_dict["PORT"] = original_port

    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["database"]
    assert body["checks"] == {"database": "unreachable", "broker": "ok"}
