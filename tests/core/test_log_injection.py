"""A client cannot forge log lines: its request id is used only when it looks like one, and
control characters in any logged value are escaped, so each event stays one line."""

import io
import logging

import pytest
from django.conf import settings

from iomcso.core.logging import ContextFilter
from tests.factories import UserFactory


@pytest.fixture
def log_lines():
    """The lines the stdout handler of the settings would print for iomcso.request."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["line"]["format"]))
    handler.addFilter(ContextFilter())
    logger = logging.getLogger("iomcso.request")
    # INFO, as the settings configure it: an in-process Celery worker started by another test
    # re-levels the root logger, and this logger inherits from it.
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    yield lambda: stream.getvalue().splitlines()
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.mark.parametrize(
    "forged",
    [
        "abc\nlevel=ERROR logger=forged message",
        "abc\rlevel=ERROR",
        "<script>alert(1)</script>",
        "x" * 65,
        "id with spaces",
    ],
)
def test_an_unsafe_client_request_id_is_replaced(client, db, log_lines, forged):
    response = client.get("/healthz", headers={"X-Request-ID": forged})

    assert response["X-Request-ID"] != forged
    assert len(response["X-Request-ID"]) == 32
    (line,) = log_lines()
    assert "forged" not in line
    assert f"request_id={response['X-Request-ID']}" in line


def test_a_safe_client_request_id_is_kept(client, db, log_lines):
    response = client.get("/healthz", headers={"X-Request-ID": "proxy-1234.abcd"})

    assert response["X-Request-ID"] == "proxy-1234.abcd"
    assert "request_id=proxy-1234.abcd" in log_lines()[0]


def test_a_newline_in_the_path_is_escaped_in_the_log(client, db, log_lines):
    client.get("/en/nothing%0Alevel=ERROR%20logger=forged%0D/")

    (line,) = log_lines()
    assert "path=/en/nothing\\x0alevel=ERROR logger=forged\\x0d/" in line


def test_the_request_line_names_the_signed_in_user(client, db, log_lines):
    user = UserFactory()
    client.force_login(user)

    client.get("/en/me/")

    assert log_lines()[-1].endswith(f"user={user.pk}")
