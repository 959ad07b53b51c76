"""The staff dashboard: charts and a map drawn on the server, each with its figures as a table."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from iomcso.core import workspace
from iomcso.core.charts import map_bucket, map_legend
from iomcso.core.tasks import refresh_dashboard_aggregates_task
from tests.consultations.factories import ConsultationFactory, RegistrationFactory
from tests.factories import StaffUserFactory, SuperUserFactory
from tests.partners.factories import OrganizationFactory, VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_figures():
    # Only the dashboard's keys: clearing the cache would flush the Redis others share.
    workspace.dashboard_aggregates_forget()
    yield
    workspace.dashboard_aggregates_forget()


def dashboard(client, user=None):
    client.force_login(user or SuperUserFactory())
    response = client.get(reverse("admin:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_map_links_each_country_with_partners_to_the_filtered_list(client):
    OrganizationFactory(headquarters_country="KE")
    OrganizationFactory(headquarters_country="KE")
    OrganizationFactory(headquarters_country="CO")
    page = dashboard(client)
    changelist = reverse("admin:partners_organization_changelist")
    assert f'href="{changelist}?country=KE"' in page
    assert f'href="{changelist}?country=CO"' in page
    assert f'href="{changelist}?country=CH"' not in page
    # The table alternative names the country and its count.
    assert "Kenya" in page
    assert "<title>Kenya: 2</title>" in page


def test_every_chart_has_a_title_an_svg_and_a_table(client):
    VerifiedOrganizationFactory(partner_type="ngo", level="global")
    page = dashboard(client)
    for title in [
        "Partners by type",
        "Partners by level of work",
        "Partners by region",
        "New registrations per month",
        "Verification funnel over time",
        "Consultation attendance by year since 2011",
        "Observers over time",
        "Partners by headquarters country",
    ]:
        assert title in page, title
    assert page.count('<svg class="chart') == 8
    assert page.count("<details") == 8
    assert page.count('role="img"') == 7  # the map is a group of links
    assert page.count('class="chart chart-map" viewBox') == 1


def test_attendance_by_year_counts_delegates_present(client):
    consultation = ConsultationFactory(
        starts_at=datetime.datetime(2019, 5, 2, 9, tzinfo=datetime.UTC)
    )
    RegistrationFactory(consultation=consultation, status="confirmed", attendance="present")
    RegistrationFactory(consultation=consultation, status="confirmed", attendance="no_show")
    chart = workspace.dashboard_chart("consultations_attendance")
    year = chart.categories.index("2019")
    assert chart.series[0].values[year] == 2
    assert chart.series[1].values[year] == 1


def test_figures_come_from_the_cache_until_the_beat_task_refreshes_them(client):
    OrganizationFactory(headquarters_country="KE")
    assert workspace.dashboard_chart("partners_map").series[0].values == [1]
    OrganizationFactory(headquarters_country="KE")
    assert workspace.dashboard_chart("partners_map").series[0].values == [1]
    assert refresh_dashboard_aggregates_task() > 0
    assert refresh_dashboard_aggregates_task() > 0  # safe to run twice
    assert workspace.dashboard_chart("partners_map").series[0].values == [2]


def test_the_dashboard_runs_few_queries_once_figures_are_cached(
    client, django_assert_max_num_queries
):
    OrganizationFactory(created_at=timezone.now())
    user = SuperUserFactory()
    dashboard(client, user)
    with django_assert_max_num_queries(6):
        client.get(reverse("admin:dashboard"))


def test_the_dashboard_is_for_staff_only(client):
    client.force_login(StaffUserFactory(is_staff=False))
    response = client.get(reverse("admin:dashboard"))
    assert response.status_code == 302


def test_map_buckets_grow_with_the_count():
    assert map_bucket(0, 100) == 0
    assert map_bucket(1, 100) == 1
    assert map_bucket(100, 100) == 6
    assert map_bucket(25, 100) < map_bucket(100, 100)


def test_the_dashboard_is_translated(client):
    client.force_login(SuperUserFactory())
    response = client.get("/fr/admin/dashboard/")
    assert "Partenaires par type" in response.content.decode()


def test_the_map_legend_matches_the_buckets_counts_fall_in():
    for top in (1, 2, 7, 100, 12345):
        legend = map_legend(top)
        for value in range(1, min(top, 500) + 1):
            bucket = map_bucket(value, top)
            # The legend entry for this count is the last one whose lowest count it reaches.
            reached = [
                class_name
                for class_name, label in legend[1:]
                if int(label.removeprefix("from ").replace(",", "")) <= value
            ]
            assert reached[-1] == f"map-bucket-{bucket}", (top, value)
