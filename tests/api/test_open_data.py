"""The nightly open-data files, the directory's link to them, and the calendar feed."""

import csv
import datetime
import gzip
import io
import json

import pytest
from django.core.cache import cache
from django.core.files.storage import storages
from django.test import Client
from django_celery_beat.models import PeriodicTask
from icalendar import Calendar

from partners.tasks import publish_open_data_task
from tests.consultations.factories import ConsultationFactory
from tests.observers.factories import CouncilSessionFactory
from tests.partners.factories import (
    ContactFactory,
    OrganizationFactory,
    VerifiedOrganizationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_metadata():
    cache.delete("open-data-metadata")
    yield
    cache.delete("open-data-metadata")


def _download(file_format: str) -> bytes:
    response = Client().get(f"/en/partners/open-data/organizations.{file_format}.gz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/gzip"
    return gzip.decompress(response.getvalue())


def test_the_nightly_job_publishes_the_verified_directory_as_csv_and_json_with_licence():
    verified = VerifiedOrganizationFactory(name="=HYPERLINK(evil)", acronym="EV")
    ContactFactory(organization=verified, email="hidden.person@example.org")
    OrganizationFactory(name="Not Yet Verified")
    assert publish_open_data_task() == 1
    assert publish_open_data_task() == 1  # safe to run twice
    rows = list(csv.DictReader(io.StringIO(_download("csv").decode())))
    assert [row["name"] for row in rows] == ["'=HYPERLINK(evil)"]
    assert rows[0]["url"].endswith(f"/en/partners/{verified.slug}/")
    document = json.loads(_download("json"))
    assert document["licence"].startswith("CC BY 4.0")
    assert datetime.date.fromisoformat(document["published_at"][:10])
    assert [row["slug"] for row in document["organizations"]] == [verified.slug]
    assert b"hidden.person" not in _download("json") + _download("csv")


def test_the_directory_links_to_the_files_with_their_date_and_licence():
    assert b"open-data/organizations.csv.gz" not in Client().get("/en/partners/").content
    VerifiedOrganizationFactory()
    publish_open_data_task()
    page = Client().get("/en/partners/").content.decode()
    assert "/en/partners/open-data/organizations.csv.gz" in page
    assert "/en/partners/open-data/organizations.json.gz" in page
    assert "CC BY 4.0" in page


def test_before_the_first_run_the_directory_asks_the_storage_once_not_on_every_request(
    monkeypatch,
):
    storage_class = type(storages["default"])
    asked: list[str] = []
    original = storage_class.exists

    def counting_exists(self, name):
        asked.append(name)
        return original(self, name)

    monkeypatch.setattr(storage_class, "exists", counting_exists)
    for _ in range(3):
        assert Client().get("/en/partners/").status_code == 200

    assert len(asked) == 1


def test_before_the_first_run_the_files_are_404():
    assert Client().get("/en/partners/open-data/organizations.csv.gz").status_code == 404


def test_the_job_is_scheduled_every_night():
    task = PeriodicTask.objects.get(task="partners.tasks.publish_open_data_task")
    assert (task.crontab.hour, task.crontab.minute) == ("2", "30")


def test_one_calendar_feed_holds_every_public_consultation_and_council_session():
    consultation = ConsultationFactory(title="Annual consultation 2027")
    ConsultationFactory(title="Draft one", status="draft")
    session = CouncilSessionFactory()
    response = Client().get("/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    summaries = {str(event["summary"]) for event in calendar.walk("VEVENT")}
    assert {consultation.title, str(session)} <= summaries
    assert "Draft one" not in summaries
    uids = {str(event["uid"]) for event in calendar.walk("VEVENT")}
    assert f"consultation-{consultation.pk}@iomcso" in uids
    # The per-event file is still there.
    assert Client().get(f"/en/consultations/{consultation.slug}/calendar.ics").status_code == 200
