"""Whatever is typed, search answers 200 (or, for the JSON API, a 400 naming the parameter), never a 5xx.

Run this file on SQLite and on PostgreSQL: the failures it guards against live in the database
backends' query parsers.
"""

import pytest

from search.search import MAX_QUERY_LENGTH, MAX_TERMS, clean_query, query_terms

pytestmark = pytest.mark.django_db

ODD_QUERIES = {
    # wagtail#4993: a backslash made PostgreSQL's tsquery parser fail ("syntax error in tsquery").
    "backslash (wagtail#4993)": "drink\\",
    "backslashes only": "\\\\\\",
    # django-modelsearch#98: a leading hyphen or punctuation inside a word left empty lexemes in the
    # PostgreSQL tsquery ("-Data", "Data-X.2").
    "leading hyphen (modelsearch#98)": "-elections",
    "punctuation inside a word (modelsearch#98)": "Data-X.2",
    "hyphen only": "-",
    # django-modelsearch#89 (fixed in modelsearch 1.2.1 by #92): splitting on whitespace and hyphens
    # left empty terms, and PostgreSQL refused the tsquery they made.
    "trailing hyphen (modelsearch#89)": "elections-",
    "doubled hyphen inside a word (modelsearch#89)": "human--rights",
    "hyphens and spaces only (modelsearch#89)": "-- - --",
    # wagtail#13227: a lone or escaped double quote ended FTS5's MATCH string early on SQLite
    # ("unterminated string").
    "lone double quote (wagtail#13227)": '"',
    "unbalanced quotes": '"elections kazakhstan',
    "escaped quote (wagtail#13227)": '\\"',
    "apostrophes": "women's rights '' ' 'elections",
    "typographic apostrophe": "Côte d’Ivoire’s",
    "boolean-looking words": "elections AND NOT OR NEAR kazakhstan",
    "boolean operators only": "AND OR NOT",
    "fts and tsquery syntax": "title:elections body:* (a | b) & !c <-> d ^2 ~ NEAR(a b)",
    "wildcards and percent": "elect* %_ 100%",
    "sql-looking": "'; DROP TABLE wagtailcore_page; --",
    "html": "<script>alert(1)</script>",
    "emoji": "🙂🇰🇿 elections 👩‍⚖️",
    "other scripts": "Қазақстан сайлау 选举 الانتخابات",
    "combining marks and rtl": "e\u0301lections \u202eevil",
    "nul and control characters": "elec\x00tions\x01\x1b[31m\x7f",
    "only whitespace": " \t\n ",
    "only punctuation": "!!! ??? ...",
    "very many words": " ".join(["elections"] * 150),
    # CVE-2024-39317: Wagtail's parse_query_string backtracked catastrophically on long crafted input.
    # This project never calls it, and caps the query before any parsing.
    "long crafted input (CVE-2024-39317)": '"' + 'a:"b ' * 2000,
}


@pytest.mark.parametrize("q", ODD_QUERIES.values(), ids=ODD_QUERIES.keys())
def test_html_search_answers_every_query(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content


@pytest.mark.parametrize("q", ODD_QUERIES.values(), ids=ODD_QUERIES.keys())
def test_json_search_answers_every_query(client, q):
    response = client.get("/api/v3/search/", {"q": q})
    assert response.status_code in (200, 400)
    if len(" ".join(q.split())) <= MAX_QUERY_LENGTH:
        assert response.status_code == 200
        assert set(response.json()) >= {"count", "results", "facets"}


@pytest.mark.parametrize("q", ODD_QUERIES.values(), ids=ODD_QUERIES.keys())
def test_suggest_answers_every_query(client, q):
    response = client.get("/api/v3/search/suggest/", {"q": q})
    assert response.status_code == 200
    assert len(response.json()) <= 10


@pytest.mark.parametrize("q", ODD_QUERIES.values(), ids=ODD_QUERIES.keys())
def test_odd_queries_with_filters_and_newest_sort(client, q):
    params = {"q": q, "country": "kazakhstan", "sort": "newest"}
    assert client.get("/search/", params).status_code == 200
    assert client.get("/api/v3/search/", params).status_code in (200, 400)


def test_nul_and_control_characters_are_removed_not_searched():
    assert clean_query("elec\x00tions\x1b[31m") == "elec tions [31m"
    assert "\x00" not in clean_query("\x00" * 1000)


def test_query_is_capped_before_any_parsing():
    huge = '"' + 'a:"b ' * 100_000
    assert len(clean_query(huge)) <= MAX_QUERY_LENGTH
    assert len(query_terms(clean_query(huge))) <= MAX_TERMS


def test_words_survive_punctuation(client):
    for q in ("elections!", "(elections)", "elections?", '"elections"', "-elections", "elections\\", "elections-"):
        data = client.get("/api/v3/search/", {"q": q}).json()
        assert data["count"] == 1, q


@pytest.mark.parametrize(
    "params",
    [
        {"page": "99999999999999999999999"},
        {"page": "-1"},
        {"page": "NaN"},
        {"page": "\x00"},
        {"sort": "\x00"},
        {"country": "\x00"},
        {"region": "'"},
        {"topic": "%"},
        {"country": "k" * 10_000},
        {"country": ["kazakhstan"] * 50},
    ],
)
def test_odd_parameters_on_the_html_page(client, params):
    assert client.get("/search/", {"q": "elections", **params}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"offset": "99999999999999999999999"},
        {"limit": "-5"},
        {"limit": "\x00"},
        {"sort": "\x00"},
        {"country": "\x00"},
        {"topic": "%"},
    ],
)
def test_odd_parameters_on_the_json_api_are_400(client, params):
    assert client.get("/api/v3/search/", {"q": "elections", **params}).status_code == 400


def test_repeated_filter_values_are_accepted_once(client):
    response = client.get("/api/v3/search/", {"country": ["kazakhstan"] * 50})
    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.parametrize("q", ODD_QUERIES.values(), ids=ODD_QUERIES.keys())
def test_admin_page_search_answers_every_query(admin_client, q):
    """Wagtail's own admin search hands the typed text to the backend's parser unfiltered, so this is
    where an unfixed backend bug (the installed modelsearch's) would show."""
    from django.db import connection

    if q == ODD_QUERIES["very many words"] and connection.vendor == "postgresql":
        # Found by this test: modelsearch ranks an AND of 150 words as 150 nested products, and
        # Django's expression hashing overflows the stack (RecursionError, a 500 for an editor).
        # Upstream, in the admin only; the public search caps queries at 12 words.
        # When this stops raising, the upstream bug is fixed and this branch can go.
        with pytest.raises(RecursionError):
            admin_client.get("/admin/pages/search/", {"q": q})
        return
    response = admin_client.get("/admin/pages/search/", {"q": q})
    assert response.status_code == 200
