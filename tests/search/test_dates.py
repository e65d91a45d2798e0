"""Filtering by "information current as of": from and to, on the page and in the JSON answer."""

import datetime

import pytest

from tests.factories import make_analysis

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated(country):
    somalia = country("SO")
    return {
        year: make_analysis(somalia, f"Clan conflict in {year}", current_as_of=datetime.date(year, 6, 1))
        for year in (2019, 2022, 2025)
    }


def titles(answer):
    return sorted(result["title"] for result in answer.json()["results"])


def test_from_and_to_bound_the_date_inclusively(api, dated):
    assert titles(api(q="clan", **{"from": "2022-06-01"})) == ["Clan conflict in 2022", "Clan conflict in 2025"]
    assert titles(api(q="clan", to="2022-06-01")) == ["Clan conflict in 2019", "Clan conflict in 2022"]
    assert titles(api(q="clan", to="2022-05-31", **{"from": "2019-06-01"})) == ["Clan conflict in 2019"]


def test_dates_alone_list_the_newest_analyses_in_the_range(api, dated):
    answer = api(**{"from": "2020-01-01", "to": "2026-01-01"}).json()
    found = [result["title"] for result in answer["results"]]
    assert found[:2] == ["Clan conflict in 2025", "Clan conflict in 2022"]
    assert "Clan conflict in 2019" not in found
    assert all(result["current_as_of"] >= "2020-01-01" for result in answer["results"])


def test_a_range_given_backwards_is_swapped_and_said_so(api, dated):
    answer = api(q="clan", **{"from": "2023-01-01", "to": "2020-01-01"})
    assert answer.status_code == 200
    assert titles(answer) == ["Clan conflict in 2022"]
    assert "“from” was after “to”: the dates were swapped." in answer.json()["messages"]


@pytest.mark.parametrize("value", ["2026-13-01", "yesterday", "20260101", "2026-W01-1", "2026-02-30"])
def test_a_date_the_api_cannot_read_is_a_validation_error(api, value):
    answer = api(q="clan", to=value)
    assert answer.status_code in {400, 422}
    assert answer["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("value", ["2026-13-01", "yesterday", "20260101", "%00"])
def test_the_page_ignores_a_date_it_cannot_read_and_says_so(html, dated, value):
    page = html(q="clan", to=value).content.decode()
    assert "“to” is not a date (YYYY-MM-DD); it was ignored." in page
    assert "3 analyses" in page


def test_the_page_keeps_the_range_and_offers_to_remove_each_end(html, dated):
    page = html(q="clan", **{"from": "2022-01-01", "to": "2025-12-31"}).content.decode()
    assert 'name="from" value="2022-01-01"' in page
    assert 'name="to" value="2025-12-31"' in page
    assert "Remove filter: Current as of from 1 January 2022" in page
    assert "Remove filter: Current as of until 31 December 2025" in page
    assert "2 analyses" in page
