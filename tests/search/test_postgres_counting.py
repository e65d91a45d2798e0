"""PostgreSQL counts, facets and pages a search in the database (search.engines.postgres): the rows it
reads, how it ranks when a query matches more than ``CANDIDATES`` documents, and the table's layout.

The behaviour every engine shares is tested through the API elsewhere; these are PostgreSQL's own.
"""

import datetime

import pytest
from django.db import connection

from search.engines import postgres
from tests.factories import make_analysis


@pytest.fixture
def on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite counts FTS5's matches in Python")


def ids(api, **params):
    response = api(**params)
    assert response.status_code == 200, response.content
    return [result["id"] for result in response.json()["results"]]


@pytest.fixture
def zqcand(country):
    """Nine analyses matching "zqcand": three with it in the title (candidates by their title, and ranked first), the
    others only in their text, some of those many times (ranked higher by the whole vector)."""
    pages = []
    for n in range(9):
        in_title = n in (1, 4, 7)
        pages.append(
            make_analysis(
                country("ER" if n % 2 else "KZ"),
                f"{'Zqcand' if in_title else 'Other'} report {n}",
                text=" ".join(["zqcand"] * (n + 1)) + " findings.",
                topics=["zq cand", f"zq cand {n % 3}"],
                current_as_of=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
            )
        )
    return pages


def test_count_facets_and_every_page_agree_however_the_candidates_are_cut(on_postgresql, api, zqcand, monkeypatch):
    """Above CANDIDATES matches, the page is ranked among the candidates; the pages still list every match
    once, in one order, and the count and facets are of all the matches."""
    full = ids(api, q="zqcand", limit=50)
    assert len(full) == 9
    monkeypatch.setattr(postgres, "CANDIDATES", 4)
    data = api(q="zqcand", limit=50).json()
    assert data["count"] == 9
    assert data["facets"]["country"] == {"kazakhstan": 5, "eritrea": 4}
    assert data["facets"]["topic"] == {"zq-cand": 9, "zq-cand-0": 3, "zq-cand-1": 3, "zq-cand-2": 3}
    whole = [result["id"] for result in data["results"]]
    paged = [pk for offset in range(0, 9, 2) for pk in ids(api, q="zqcand", limit=2, offset=offset)]
    assert paged == whole
    assert sorted(whole) == sorted(full)
    # The three titled "Zqcand" lead the title's order: they are among the four candidates ranked first.
    titled = {zqcand[n].pk for n in (1, 4, 7)}
    assert titled <= set(whole[:4])


def test_with_no_more_matches_than_candidates_the_order_is_ts_rank_s(on_postgresql, api, zqcand):
    from django.contrib.postgres.search import SearchRank
    from django.db.models import F

    from search.models import SearchDocument
    from search.syntax import parse

    query = postgres.tsquery(parse("zqcand"))
    expected = list(
        SearchDocument.objects.filter(vector=query)
        .annotate(rank=SearchRank(F("vector"), query))
        .order_by("-rank", "-pk")
        .values_list("pk", flat=True)
    )
    assert ids(api, q="zqcand", limit=50) == expected


def test_newest_first_pages_are_cut_from_the_counting_statement(
    on_postgresql, api, zqcand, django_assert_max_num_queries
):
    by_date = [page.pk for page in sorted(zqcand, key=lambda page: page.current_as_of, reverse=True)]
    assert ids(api, q="zqcand", sort="newest", limit=3, offset=3) == by_date[3:6]
    assert ids(api, country="eritrea", topic="zq-cand", limit=50) == [
        pk for pk in by_date if pk in {p.pk for p in zqcand[1::2]}
    ]


def test_the_fallback_orders_by_words_matched_then_newest(on_postgresql, api, country):
    both = make_analysis(country("ER"), "Zqfall alpha", text="zqfallb zqfallc", current_as_of=datetime.date(2025, 1, 1))
    one_new = make_analysis(country("KZ"), "Zqfall beta", text="zqfallb", current_as_of=datetime.date(2026, 6, 1))
    one_old = make_analysis(country("KZ"), "Zqfall gamma", text="zqfallc", current_as_of=datetime.date(2024, 6, 1))
    data = api(q="zqfallb zqfallc zqfallnothing").json()
    assert data["loosened"] is True
    assert [result["id"] for result in data["results"]] == [both.pk, one_new.pk, one_old.pk]
    assert data["count"] == 3


def test_the_documents_rows_keep_keys_and_vectors_and_move_the_text_out(on_postgresql):
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'search_searchdocument'")
        (options,) = cursor.fetchone()
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'search_searchdocument'::regclass "
            "AND attnum > 0 AND NOT attisdropped"
        )
        storage = dict(cursor.fetchall())
    assert "toast_tuple_target=128" in options
    assert {
        name: storage[name] for name in ("region_slug", "country_slug", "country_iso", "topic_keys")
    } == dict.fromkeys(("region_slug", "country_slug", "country_iso", "topic_keys"), "p")
    assert storage["vector"] == storage["title_vector"] == "m"
    assert storage["body"] == storage["keywords"] == storage["title"] == "x"


def test_a_document_is_written_with_its_vectors_in_one_statement(on_postgresql, country, django_assert_max_num_queries):
    from django.contrib.postgres.search import SearchVector
    from django.db.models import F, TextField
    from django.db.models.functions import Cast

    from search.documents import build, visible
    from search.engines import engine
    from search.models import SearchDocument

    page = make_analysis(country("ER"), "Zqwrite conscripts", standfirst="Deserters are detained.", text="Zqwrite.")
    documents = build(list(visible([page.pk])))
    with django_assert_max_num_queries(1):
        engine(connection).write(documents)
    expected = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("keywords", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    row = SearchDocument.objects.filter(pk=page.pk).values(
        vector_text=Cast(F("vector"), TextField()),
        expected=Cast(expected, TextField()),
        title_text=Cast(F("title_vector"), TextField()),
    )[0]
    assert row["vector_text"] == row["expected"]
    assert "'conscript':2A" in row["vector_text"]
    assert row["title_text"] == "'conscript':2A 'zqwrite':1A"
