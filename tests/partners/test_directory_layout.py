"""The directory's layout on a phone: the filters fold into a disclosure that names the
active ones, so the first result is near the top (the browser journey measures it)."""

import re

import pytest

from .factories import VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db

DIRECTORY = "/en/partners/"


def disclosure(page: str) -> str:
    match = re.search(r"<details class=\"filters-disclosure\"[^>]*>(.*?)</details>", page, re.S)
    assert match, "the filters are not in their disclosure"
    return match.group(0)


def test_the_filter_form_is_in_a_closed_disclosure_before_the_results(client):
    VerifiedOrganizationFactory(name="Caritas Internationalis")
    page = client.get(DIRECTORY).content.decode()
    details = disclosure(page)
    assert "<summary>" in details
    assert "Search and filter" in details
    assert 'role="search"' in details
    assert not re.search(r"\sopen[\s>]", details.split(">", 1)[0] + ">")
    assert "In use" not in details
    assert page.index("filters-disclosure") < page.index('id="results-heading"')


def test_the_summary_names_the_filters_in_use(client):
    page = client.get(DIRECTORY, {"q": "caritas", "level": "global"}).content.decode()
    found = re.search(r"<summary>(.*?)</summary>", disclosure(page), re.S)
    assert found is not None
    summary = found.group(1)
    assert "In use: Search, Level of work" in summary
    assert "Type of organization" not in summary


def test_the_disclosure_opens_when_a_filter_is_refused_so_the_error_shows(client):
    page = client.get(DIRECTORY, {"level": "galactic"}).content.decode()
    opening = re.search(r"<details class=\"filters-disclosure\"[^>]*>", page)
    assert opening is not None
    assert " open" in opening.group(0)


def test_the_summary_is_translated(client):
    page = client.get("/fr/partners/").content.decode()
    assert "Search and filter" not in page
