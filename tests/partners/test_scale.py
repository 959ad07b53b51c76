"""Structural properties that keep list pages fast at a million rows (issue 12): measured
in bench/bench_million.py, asserted here without timing."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partners.generate import generate_organizations
from tests.consultations.factories import RegistrationFactory
from tests.factories import SuperUserFactory
from tests.partners.factories import NetworkFactory, VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db

LARGE_TABLES = (
    '"partners_organization"',
    '"consultations_registration"',
    '"observers_observerapplication"',
)
DIRECTORY_PAGES = [
    "/en/partners/",
    "/en/partners/?q=migrants",
    "/en/partners/?q=migrants&partner_type=ngo&region=west_central_africa",
    "/en/partners/?page=3",
]
ADMIN_PAGES = [
    "/en/admin/partners/organization/",
    "/en/admin/partners/organization/?verification_status__exact=verified&partner_type__exact=ngo",
    "/en/admin/partners/organization/?q=migrant",
    "/en/admin/partners/organization/?created_at__year=2020",
    "/en/admin/consultations/registration/",
    "/en/admin/observers/observerapplication/",
]


@pytest.fixture
def staff_client():
    staff = Client()
    staff.force_login(SuperUserFactory())
    return staff


def large_table_selects(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith(("SELECT", "WITH", "DECLARE"))
        and any(table in query["sql"] for table in LARGE_TABLES)
    ]


def is_bounded(sql: str) -> bool:
    """A LIMIT, a look-up of listed ids, or EXISTS: never all rows of a large table."""
    return bool(
        " LIMIT " in sql
        # The admin's date drill-down: MIN/MAX of an indexed column (two index probes).
        or re.match(r'SELECT MIN\("\w+"\."created_at"\) AS "first", MAX\(', sql)
        or re.search(r'"id" IN \(|_id" IN \(|"id" = ANY|\."id" = %s|"id" = \d+', sql)
    )


def test_no_query_on_a_list_page_reads_a_large_table_without_a_limit(client, staff_client):
    generate_organizations(count=60, seed=11)
    RegistrationFactory.create_batch(3)
    for url in DIRECTORY_PAGES:
        for sql in large_table_selects(client, url):
            assert is_bounded(sql), (url, sql)
    for url in ADMIN_PAGES:
        for sql in large_table_selects(staff_client, url):
            assert is_bounded(sql), (url, sql)


def test_no_list_page_counts_a_large_table_without_a_cap(client, staff_client):
    generate_organizations(count=60, seed=12)
    for url, page_client in [
        *((u, client) for u in DIRECTORY_PAGES),
        *((u, staff_client) for u in ADMIN_PAGES),
    ]:
        for sql in large_table_selects(page_client, url):
            if "COUNT(" in sql.upper():
                assert " LIMIT " in sql, (url, sql)


def test_directory_html_does_not_grow_with_the_number_of_networks(client):
    VerifiedOrganizationFactory(name="Listed media", partner_type="media")
    NetworkFactory(name="First network")
    url = "/en/partners/?partner_type=media"
    before = len(client.get(url).content)
    for number in range(40):
        NetworkFactory(name=f"Another network {number}")
    after = len(client.get(url).content)
    assert after == before


@pytest.mark.parametrize("url", DIRECTORY_PAGES + ADMIN_PAGES)
def test_query_count_of_a_list_page_is_the_same_at_10_and_1000_rows(client, staff_client, url):
    page_client = staff_client if "/admin/" in url else client
    # One row every page's filters match, so no page is empty at either size.
    VerifiedOrganizationFactory(
        name="Migrants first", partner_type="ngo", headquarters_country="NG", description="migrants"
    )
    generate_organizations(count=10, seed=21)
    RegistrationFactory.create_batch(2)
    page_client.get(url)  # a staff session's first request renews its expiry (a write)
    with CaptureQueriesContext(connection) as few:
        assert page_client.get(url).status_code == 200
    generate_organizations(count=990, seed=22)
    RegistrationFactory.create_batch(3)
    with CaptureQueriesContext(connection) as many:
        assert page_client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries), url
