"""The working calendar as staff see it: a page per country and year, and the same in the API."""

import pytest
from django.urls import reverse
from django.utils import translation

from concord.countries.loader import apply_pack, read_pack

pytestmark = pytest.mark.django_db


@pytest.fixture
def azerbaijan(db):
    apply_pack(read_pack("az"))


def test_the_page_lists_the_years_days_with_their_sources(azerbaijan, client_for):
    page = client_for("caseworker").get(reverse("countries:calendar", args=["az", 2026]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Novruz" in text and "Labour Code of the Republic of Azerbaijan, Article 105" in text
    assert "Asia/Baku" in text
    assert reverse("countries:calendar", args=["az", 2027]) in text


def test_the_page_speaks_the_readers_language(azerbaijan, client_for):
    client = client_for("caseworker")
    client.post("/language/", {"language": "ru", "next": "/"})
    with translation.override("ru"):
        text = client.get(reverse("countries:calendar", args=["az", 2026])).content.decode()
    assert "Праздник Новруз" in text or "Новруз" in text


def test_the_calendar_link_opens_this_year_of_the_users_country(azerbaijan, client_for):
    response = client_for("caseworker").get(reverse("countries:calendar_home"))
    assert response.status_code == 302 and "/countries/az/calendar/" in response["Location"]


@pytest.mark.parametrize(("code", "year"), [("qq", 2026), ("az", 1200), ("az", 99999)])
def test_an_unknown_country_or_a_year_out_of_range_is_404(azerbaijan, client_for, code, year):
    assert client_for("caseworker").get(f"/countries/{code}/calendar/{year}/").status_code == 404


def test_the_api_gives_the_countries_and_a_years_calendar(azerbaijan, client_for):
    client = client_for("caseworker")
    countries = client.get("/api/v1/countries/").json()
    assert [country["code"] for country in countries] == ["az"]
    assert countries[0]["time_zone"] == "Asia/Baku" and countries[0]["languages"] == ["az", "ru", "en"]
    calendar = client.get("/api/v1/countries/az/calendar/", {"year": 2026}).json()
    assert calendar["year"] == 2026 and calendar["working_weeks"][0]["days"] == [1, 2, 3, 4, 5]
    novruz = [day for day in calendar["days"] if day["date"] == "2026-03-21"]
    assert novruz and novruz[0]["kind"] == "holiday" and novruz[0]["source"]


@pytest.mark.parametrize("query", [{}, {"year": "next"}, {"year": 99999}])
def test_the_api_asks_for_a_year(azerbaijan, client_for, query):
    response = client_for("caseworker").get("/api/v1/countries/az/calendar/", query)
    assert response.status_code == 400 and "year" in response.json()


def test_the_api_answers_404_for_a_country_not_loaded(azerbaijan, client_for):
    assert client_for("caseworker").get("/api/v1/countries/qq/calendar/", {"year": 2026}).status_code == 404
