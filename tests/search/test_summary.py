"""PostgreSQL answers a search's count, facets and page with one statement (search.backends).

Its answers must be exactly those of the separate queries every other database backend runs, for
every kind of search: words ranked by relevance or sorted by date, browsing by filter, and paging.
"""

import datetime

import pytest
from django.db import connection

from search.search import (
    backend_search,
    count_and_facets,
    count_facets_and_page,
    parse_params,
)

from .conftest import make_analysis

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: other databases run the separate queries"
)


@pytest.fixture
def corpus(country):
    places = [country("ER"), country("SO"), country("KZ"), country("AF")]
    for n in range(9):
        make_analysis(
            places[n % 4],
            f"Zqsum report {n}" + (" zqtitle" if n % 3 == 0 else ""),
            text="zqsum " * (n % 4 + 1) + ("zqother" if n % 2 else ""),
            topics=["zqa", "zqb"][: n % 3] or ["zqc"],
            current_as_of=datetime.date(2020 + n % 5, 1, 1),
        )
    # Never counted: a draft and an unpublished analysis with the same words.
    make_analysis(places[0], "Zqsum draft zqtitle", text="zqsum zqsum", live=False)
    unpublished = make_analysis(places[1], "Zqsum withdrawn zqtitle", text="zqsum", topics=["zqa"])
    unpublished.unpublish()


def separately(params):
    """What the other backends do: count and facet the matches, then slice the ordered results."""
    matches, ordered = backend_search(params)
    count, facets = count_and_facets(matches)
    return count, facets, [page.pk for page in ordered[params.offset : params.offset + params.limit]]


def in_one_statement(params):
    count, facets, pages = count_facets_and_page(params, *backend_search(params))
    return count, facets, [page.pk for page in pages]


@pytest.mark.parametrize(
    "query",
    [
        {"q": "zqsum"},
        {"q": "zqsum", "sort": "newest"},
        {"q": "zqsum zqother"},
        {"q": "zqsum", "limit": "2", "offset": "3"},
        {"q": "zqsum", "topic": "zqa"},
        {"q": "zqsum", "country": ["eritrea", "somalia"], "sort": "newest"},
        {"country": "eritrea"},
        {"region": "east-africa", "limit": "3", "offset": "1"},
        {"topic": ["zqa", "zqb"]},
        {"q": "zqnothing"},
    ],
)
def test_one_statement_answers_as_the_separate_queries_do(corpus, query):
    params, _ = parse_params({k: [v] if isinstance(v, str) else v for k, v in query.items()}, strict=True)
    expected = separately(params)
    assert in_one_statement(params) == expected
    if "q" in query and query["q"] != "zqnothing":
        assert expected[0] > 0
        assert expected[2]


def test_the_draft_and_the_unpublished_analysis_are_not_counted(corpus):
    params, _ = parse_params({"q": ["zqtitle"]}, strict=True)
    count, facets, pages = count_facets_and_page(params, *backend_search(params))
    assert count == 3
    assert sorted(page.title for page in pages) == [
        "Zqsum report 0 zqtitle",
        "Zqsum report 3 zqtitle",
        "Zqsum report 6 zqtitle",
    ]
    assert sum(facets["country"].values()) == 3


def test_count_facets_and_page_take_one_statement_and_one_page_fetch(corpus, django_assert_num_queries):
    params, _ = parse_params({"q": ["zqsum"]}, strict=True)
    matches, ordered = backend_search(params)
    with django_assert_num_queries(2) as captured:
        count, facets, pages = count_facets_and_page(params, matches, ordered)
    assert captured.captured_queries[0]["sql"].startswith("WITH hits AS MATERIALIZED")
    assert count == 9
    assert len(pages) == 9
    assert facets["topic"] == {"zqa": 6, "zqb": 3, "zqc": 3}
    assert facets["region"] == {"east-africa": 5, "eastern-europe-post-soviet-states": 2, "south-central-asia": 2}
