"""The README's API examples work: each curl line runs through the test client."""

import re
import shlex
from pathlib import Path

import pytest

from tests.api.conftest import make_partner
from tests.consultations.factories import ConsultationFactory

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"


def _curl_lines() -> list[str]:
    section = README.read_text().split("### API", 1)[1].split("\n### ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block
    return [line for line in block.group(1).splitlines() if line.startswith("curl ")]


def _run(client, line: str, variables: dict[str, str]):
    words = shlex.split(line)
    method, headers, body, url = "GET", {}, None, ""
    index = 1
    while index < len(words):
        word = words[index]
        if word == "-X":
            method, index = words[index + 1], index + 1
        elif word == "-H":
            name, value = words[index + 1].split(": ", 1)
            headers["HTTP_" + name.upper().replace("-", "_")] = value
            index += 1
        elif word == "-d":
            body, index = words[index + 1], index + 1
        elif not word.startswith("-"):
            url = word
        index += 1
    for name, value in variables.items():
        url, body = url.replace(f"${name}", value), body and body.replace(f"${name}", value)
        headers = {key: item.replace(f"${name}", value) for key, item in headers.items()}
    path = url.removeprefix("http://127.0.0.1:8000")
    content_type = headers.pop("HTTP_CONTENT_TYPE", "application/octet-stream")
    return client.generic(method, path, body or "", content_type=content_type, **headers)


def test_every_curl_example_of_the_readme_answers_as_it_says(client):
    partner = make_partner(name="Caritas Lebanon", headquarters_country="LB")
    consultation = ConsultationFactory()
    variables = {
        "TOKEN": partner.key,
        "ORGANIZATION": str(partner.organization.pk),
        "SLUG": partner.organization.slug,
        "CONSULTATION": consultation.slug,
    }
    lines = _curl_lines()
    assert len(lines) >= 6
    answers = [_run(client, line, variables) for line in lines]
    statuses = [answer.status_code for answer in answers]
    assert statuses == [200, 200, 200, 200, 201, 404, 200]
    assert answers[0].json()["results"][0]["name"] == "Caritas Lebanon"
    assert answers[5]["Content-Type"] == "application/problem+json"
    assert answers[5].json()["title"] == "Introuvable"
    assert "BEGIN:VCALENDAR" in answers[6].content.decode()
