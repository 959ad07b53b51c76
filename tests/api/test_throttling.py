"""Request rates per address and per token; a cache outage lets requests through."""

import uuid

import pytest
from rest_framework.settings import api_settings

from tests.api.conftest import make_partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"address": "2/min", "token": "3/min"},
    }
    # A key prefix of its own: earlier requests of this process do not count, and nothing is
    # flushed from the Redis that other test processes share.
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"throttle-{uuid.uuid4().hex}"}
    }


def test_an_address_over_its_rate_gets_429_with_retry_after(anonymous, low_rates):
    answers = [anonymous.get("/api/v1/council-sessions/").status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    response = anonymous.get("/api/v1/council-sessions/")
    assert response["Retry-After"]
    assert response["Content-Type"] == "application/problem+json"


def test_a_token_has_its_own_rate(low_rates):
    partner = make_partner()
    client = partner.client()
    answers = [client.get("/api/v1/token/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


def test_requests_go_through_when_the_cache_is_down(anonymous, low_rates, settings):
    working = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    try:
        answers = [anonymous.get("/api/v1/council-sessions/").status_code for _ in range(4)]
    finally:
        settings.CACHES = working
    assert answers == [200, 200, 200, 200]
    assert api_settings.DEFAULT_THROTTLE_RATES["address"] == "2/min"
