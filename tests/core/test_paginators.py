import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iomcso.core.paginators import CappedCountPaginator
from partners.models import Organization
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


class TinyLimits(CappedCountPaginator):
    exact_limit = 3
    estimate_trusted_above = 1_000_000


def test_small_results_are_counted_exactly_with_a_limit():
    OrganizationFactory.create_batch(2)
    with CaptureQueriesContext(connection) as captured:
        count = TinyLimits(Organization.objects.order_by("pk"), 25).count
    assert count == 2
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"]]
    assert counts
    assert all(" LIMIT 4" in sql for sql in counts)


def test_past_the_cap_the_count_is_never_exact_over_the_whole_table():
    OrganizationFactory.create_batch(6)
    with CaptureQueriesContext(connection) as captured:
        count = TinyLimits(Organization.objects.order_by("pk"), 25).count
    assert count >= 4  # the planner's estimate, at least what was counted
    assert not any(
        "COUNT(" in q["sql"] and " LIMIT " not in q["sql"] for q in captured.captured_queries
    )


def test_a_large_estimate_is_taken_without_counting():
    class TrustsEstimates(CappedCountPaginator):
        estimate_trusted_above = 0

    OrganizationFactory.create_batch(2)
    with CaptureQueriesContext(connection) as captured:
        count = TrustsEstimates(Organization.objects.order_by("pk"), 25).count
    assert count >= 1
    assert not any("COUNT(" in q["sql"] for q in captured.captured_queries)
