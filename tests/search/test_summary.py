"""PostgreSQL answers a search's count, facets and page with one statement (search.backends).

Its answers must be exactly those of the separate queries every other database backend runs, for
every kind of search: words ranked by relevance or sorted by date, browsing by filter, and paging.
"""

import datetime

import pytest
from django.db import connection
from django.db.models import Q
from wagtail.models import Page, PageViewRestriction

from countries.models import AnalysisPage
from search.backends import live_by_exclusion
from search.matches import backend_search, count_and_facets, count_facets_and_page, searchable_analyses
from search.params import parse_params
from search.vocabulary import Vocabulary
from tests.factories import make_analysis

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
    private = make_analysis(places[2], "Zqsum private zqtitle", text="zqsum", topics=["zqb"])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")  # noqa: S106


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
    params, _ = parse_params(
        {k: [v] if isinstance(v, str) else v for k, v in query.items()}, strict=True, vocabulary=Vocabulary.load()
    )
    expected = separately(params)
    assert in_one_statement(params) == expected
    if "q" in query and query["q"] != "zqnothing":
        assert expected[0] > 0
        assert expected[2]


def test_the_draft_the_unpublished_and_the_private_analysis_are_not_counted(corpus):
    params, _ = parse_params({"q": ["zqtitle"]}, strict=True, vocabulary=Vocabulary.load())
    count, facets, pages = count_facets_and_page(params, *backend_search(params))
    assert count == 3
    assert sorted(page.title for page in pages) == [
        "Zqsum report 0 zqtitle",
        "Zqsum report 3 zqtitle",
        "Zqsum report 6 zqtitle",
    ]
    assert sum(facets["country"].values()) == 3


def test_count_facets_and_page_take_one_statement_and_one_page_fetch(corpus, django_assert_num_queries):
    params, _ = parse_params({"q": ["zqsum"]}, strict=True, vocabulary=Vocabulary.load())
    matches, ordered = backend_search(params)
    with django_assert_num_queries(2) as captured:
        count, facets, pages = count_facets_and_page(params, matches, ordered)
    assert captured.captured_queries[0]["sql"].startswith("WITH hits AS MATERIALIZED")
    assert count == 9
    assert len(pages) == 9
    assert facets["topic"] == {"zqa": 6, "zqb": 3, "zqc": 3}
    assert facets["region"] == {"east-africa": 5, "eastern-europe-post-soviet-states": 2, "south-central-asia": 2}


def test_live_is_tested_by_excluding_the_pages_that_are_not_live(corpus):
    queryset = searchable_analyses(parse_params({}, strict=True, vocabulary=Vocabulary.load())[0])
    rewritten = live_by_exclusion(queryset)
    sql = str(rewritten.order_by().values("pk").query)
    assert '"wagtailcore_page"."live"' not in sql
    assert 'NOT U0."live"' in sql
    assert sorted(rewritten.values_list("pk", flat=True)) == sorted(queryset.values_list("pk", flat=True))
    # The page table is joined only where something else needs it: here, a private section's path.
    assert 'JOIN "wagtailcore_page"' in sql
    PageViewRestriction.objects.all().delete()
    unrestricted = live_by_exclusion(
        searchable_analyses(parse_params({}, strict=True, vocabulary=Vocabulary.load())[0])
    )
    assert 'JOIN "wagtailcore_page"' not in str(unrestricted.order_by().values("pk").query)
    assert unrestricted.count() == AnalysisPage.objects.live().count()


def test_a_queryset_without_exactly_one_live_test_is_left_as_it_was(corpus):
    everything = AnalysisPage.objects.all()
    assert live_by_exclusion(everything) is everything
    either = AnalysisPage.objects.filter(Q(live=True) | Q(title__startswith="Zqsum draft"))
    assert live_by_exclusion(either) is either
    pages = Page.objects.live()
    assert live_by_exclusion(pages) is pages
