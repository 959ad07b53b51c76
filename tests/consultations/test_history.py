"""The consultations IOM held before the portal exist in every installation."""

import pytest

from consultations.models import Consultation, Series

pytestmark = pytest.mark.django_db

THEMES = [
    "60 Years Advancing Migrant Rights and Migrant Protection",
    "Enhancing Dialogue, Cooperation and Partnership on Migration",
    "Migrants and Development",
    "Follow up to the 2013 UN High Level Dialogue on Migration and Development",
    "Protecting and Positively Impacting Migrant Lives",
    "Post – 19 September Summit",
    "Partnerships",
    "IOM&#x27;s role and emerging policy in humanitarian response and partnership",
]


def test_the_eight_historical_consultations_are_present_and_held():
    history = Consultation.objects.filter(status=Consultation.Status.HELD)
    assert history.count() == 8
    assert history.filter(series__code=Series.ANNUAL_CSO).count() == 6
    assert history.filter(series__code=Series.NGO_HUMANITARIAN).count() == 2
    first = history.get(slug="annual-cso-consultation-2011")
    assert first.starts_at is not None
    assert first.starts_at.astimezone(first.tz).date().isoformat() == "2011-11-11"


def test_the_two_series_are_built_in():
    assert set(Series.objects.filter(is_builtin=True).values_list("code", flat=True)) == {
        Series.ANNUAL_CSO,
        Series.NGO_HUMANITARIAN,
    }


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_historical_consultations_appear_on_the_consultations_page_in_every_language(
    client, language
):
    response = client.get(f"/{language}/consultations/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == language
    html = response.content.decode()
    for theme in THEMES:
        assert theme in html
    for year in range(2011, 2017):
        assert f"<h3>{year}</h3>" in html


def test_a_historical_consultation_has_a_public_page():
    from django.test import Client

    response = Client().get("/en/consultations/ngo-humanitarian-consultation-2015/")
    assert response.status_code == 200
    assert "Partnerships" in response.content.decode()
