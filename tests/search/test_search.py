"""What a visitor gets from search, through the JSON API (the HTML page shares run_search()).

These tests describe behaviour only, never a backend: test_elasticsearch_contract.py runs them again
against a live Elasticsearch server.
"""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from countries.models import Expert
from tests.factories import make_analysis, refresh_index

SEED_TITLE = "Limited Political Freedoms Encourage Citizens to Flee Kazakhstan"


def titles(response):
    assert response.status_code == 200, response.content
    return [result["title"] for result in response.json()["results"]]


def test_words_find_the_seed_analysis_with_its_place_and_topics(api):
    data = api(q="elections").json()
    assert data["count"] >= 1
    result = next(r for r in data["results"] if r["title"] == SEED_TITLE)
    assert result["country"] == {"title": "Kazakhstan", "slug": "kazakhstan", "iso_code": "KZ"}
    assert result["region"] == {
        "title": "Eastern Europe & Post-Soviet States",
        "slug": "eastern-europe-post-soviet-states",
    }
    assert {"name": "elections", "slug": "elections"} in result["topics"]
    assert result["url"].endswith("/kazakhstan/limited-political-freedoms-kazakhstan/")
    assert result["api_url"] == f"/api/v3/pages/{result['id']}/"
    assert result["current_as_of"] == "2026-11-01"


@pytest.mark.parametrize("q", ["Qazaqstan", "Kazakh", "KZ", "kazakhstan", "Post-Soviet"])
def test_country_names_aliases_iso_code_and_region_find_the_countrys_reports(api, q):
    assert SEED_TITLE in titles(api(q=q))


def test_aliases_are_editable_and_searchable(api, country):
    eritrea = country("ER")
    make_analysis(eritrea, "National service without end", text="Conscripts serve indefinitely.")
    assert titles(api(q="Ertra")) == ["National service without end"]
    eritrea.other_names = "Eritrean, Ertra, Zzyzxland"
    eritrea.save_revision().publish()
    refresh_index()
    assert titles(api(q="Zzyzxland")) == ["National service without end"]


def test_every_word_must_match(api, country):
    make_analysis(country("ER"), "Conscription and desertion", text="Deserters are punished.")
    exact = api(q="conscription deserters").json()
    assert [r["title"] for r in exact["results"]] == ["Conscription and desertion"]
    assert exact["loosened"] is False
    # Nothing has both words: the analyses with some of them are offered, and said to be.
    loose = api(q="conscription zqunicorns").json()
    assert [r["title"] for r in loose["results"]] == ["Conscription and desertion"]
    assert loose["loosened"] is True
    assert "No analysis matches all of conscription zqunicorns" in loose["messages"][0]
    # A phrase, an exclusion or OR is never loosened.
    for q in ('"conscription zqunicorns"', "zqunicorns -conscription", "zqunicorns OR zqdragons"):
        assert api(q=q).json()["count"] == 0, q


def test_title_outranks_body(api, country):
    body_only = make_analysis(country("SY"), "Prisons in Syria", text="Reports of zqtorture in custody.")
    in_title = make_analysis(country("IQ"), "Zqtorture in Iraqi custody", text="Detention conditions.")
    assert titles(api(q="zqtorture")) == [in_title.title, body_only.title]


def test_topics_authors_and_source_titles_are_searchable(api, country):
    page = make_analysis(
        country("SO"), "Clan protection", topics=["zqclans"], sources=["Zqlandinfo country report on Somalia"]
    )
    expert = Expert.objects.create(name="Zqxavier Moreau")
    page.authors.create(expert=expert)
    page.save_revision().publish()
    refresh_index()
    for q in ("zqclans", "Zqlandinfo", "Zqxavier"):
        assert titles(api(q=q)) == ["Clan protection"], q


def test_filters_by_region_country_slug_or_iso_and_topic(api, country):
    make_analysis(country("ER"), "Eritrea zqfilter", topics=["zqa", "zqb"])
    make_analysis(country("SO"), "Somalia zqfilter", topics=["zqa"])
    make_analysis(country("AF"), "Afghanistan zqfilter", topics=["zqb"])
    assert set(titles(api(q="zqfilter", region="east-africa"))) == {"Eritrea zqfilter", "Somalia zqfilter"}
    assert titles(api(q="zqfilter", country="eritrea")) == ["Eritrea zqfilter"]
    assert titles(api(q="zqfilter", country="so")) == ["Somalia zqfilter"]
    assert set(titles(api(q="zqfilter", country=["eritrea", "afghanistan"]))) == {
        "Eritrea zqfilter",
        "Afghanistan zqfilter",
    }
    assert set(titles(api(q="zqfilter", topic="zqa"))) == {"Eritrea zqfilter", "Somalia zqfilter"}
    # Several topics: analyses about all of them.
    assert titles(api(q="zqfilter", topic=["zqa", "zqb"])) == ["Eritrea zqfilter"]
    assert titles(api(q="zqfilter", region="east-africa", topic="zqb")) == ["Eritrea zqfilter"]


def test_facets_count_every_match_by_region_country_and_topic(api, country):
    for n in range(3):
        make_analysis(country("ER"), f"Eritrea zqfacet {n}", topics=["zqa"])
    make_analysis(country("AF"), "Afghanistan zqfacet", topics=["zqa", "zqb"])
    facets = api(q="zqfacet", limit=1).json()["facets"]
    assert facets["region"] == {"east-africa": 3, "south-central-asia": 1}
    assert facets["country"] == {"eritrea": 3, "afghanistan": 1}
    assert facets["topic"] == {"zqa": 4, "zqb": 1}
    narrowed = api(q="zqfacet", topic="zqb").json()["facets"]
    assert narrowed["country"] == {"afghanistan": 1}
    assert narrowed["topic"] == {"zqa": 1, "zqb": 1}


def test_empty_query_with_a_filter_browses_newest_first(api, country):
    eritrea = country("ER")
    make_analysis(eritrea, "Older", current_as_of=datetime.date(2020, 5, 1))
    make_analysis(eritrea, "Newest", current_as_of=datetime.date(2027, 5, 1))
    make_analysis(eritrea, "Middle", current_as_of=datetime.date(2024, 5, 1))
    data = api(country="eritrea").json()
    assert [r["title"] for r in data["results"]] == ["Newest", "Middle", "Older"]
    assert data["facets"]["country"] == {"eritrea": 3}


def test_sort_newest_orders_matches_by_date(api, country):
    make_analysis(country("ER"), "Zqsort old", current_as_of=datetime.date(2019, 1, 1))
    make_analysis(country("SO"), "Zqsort new", current_as_of=datetime.date(2026, 6, 1), text="zqsort zqsort")
    assert titles(api(q="zqsort", sort="newest")) == ["Zqsort new", "Zqsort old"]


def test_limit_and_offset_page_through_all_matches(api, country):
    for n in range(5):
        make_analysis(country("ER"), f"Zqpage {n}", current_as_of=datetime.date(2020, 1, n + 1))
    first = titles(api(q="zqpage", sort="newest", limit=2))
    second = titles(api(q="zqpage", sort="newest", limit=2, offset=2))
    last = api(q="zqpage", sort="newest", limit=2, offset=4).json()
    assert first == ["Zqpage 4", "Zqpage 3"]
    assert second == ["Zqpage 2", "Zqpage 1"]
    assert [r["title"] for r in last["results"]] == ["Zqpage 0"]
    assert last["count"] == 5
    assert titles(api(q="zqpage", offset=99)) == []


def test_snippet_shows_the_words_in_context_marked_and_escaped(api, country):
    make_analysis(
        country("ER"),
        "Zqsnippet",
        standfirst="Text with <b>markup</b> & ampersands before the zqsnippet words and after.",
    )
    snippet = api(q="zqsnippet").json()["results"][0]["snippet"]
    assert "<mark>zqsnippet</mark>" in snippet
    assert "&lt;b&gt;markup&lt;/b&gt; &amp; ampersands" in snippet
    assert "<b>" not in snippet


def test_snippet_marks_a_word_far_into_a_long_text_and_forms_that_start_otherwise(api, country):
    """PostgreSQL writes an excerpt from a window of the body around the first place a query word
    starts; a word far into the text is still the one shown, and a form that starts otherwise than
    typed ("cities" is stemmed as "city" is) still gets its excerpt, written from the whole body."""
    filler = " ".join(f"Paragraph {n} describes the situation in general terms." for n in range(150))
    make_analysis(country("ER"), "Zqlong far", text=f"{filler} The zqdeepword appears here.")
    snippet = api(q="zqdeepword").json()["results"][0]["snippet"]
    assert "<mark>zqdeepword</mark>" in snippet.lower()
    assert snippet.startswith("…")
    make_analysis(country("ER"), "Zqlongforms", text=f"{filler} Only one city was named.")
    snippet = api(q="zqlongforms cities").json()["results"][0]["snippet"]
    assert "<mark>city</mark>" in snippet.lower()


def test_snippet_marks_other_forms_of_the_word(api):
    snippet = api(q="elections").json()["results"][0]["snippet"]
    assert "<mark>elections</mark>" in snippet.lower() or "<mark>election</mark>" in snippet.lower()


def test_no_results_suggest_countries_with_a_close_name(api):
    data = api(q="Kazahkstan").json()
    assert data["count"] == 0
    (kazakhstan,) = [country for country in data["did_you_mean"] if country["slug"] == "kazakhstan"]
    assert kazakhstan["title"] == "Kazakhstan"
    assert kazakhstan["iso_code"] == "KZ"
    assert kazakhstan["url"] == "/eastern-europe-post-soviet-states/kazakhstan/"
    assert kazakhstan["has_analyses"] is True
    assert kazakhstan["consultation_url"] is None  # an analysis of it is published


def test_countries_named_in_the_query_come_with_the_json_answer_as_on_the_page(api, html):
    data = api(q="journalists Somalia").json()
    (somalia,) = data["countries"]
    assert somalia["title"] == "Somalia"
    assert somalia["iso_code"] == "SO"
    assert somalia["summary"]
    assert somalia["has_analyses"] is False
    assert somalia["consultation_url"] == "/consultation/?country=SO"
    page = html(q="journalists Somalia").content.decode()
    assert f'href="{somalia["url"]}"' in page
    assert 'href="/consultation/?country=SO"' in page
    assert "Ask us for an expert report on Somalia" in page


def test_a_country_with_an_analysis_is_offered_without_the_request_link(api):
    (kazakhstan,) = api(q="Kazakhstan").json()["countries"]
    assert kazakhstan["has_analyses"] is True
    assert kazakhstan["consultation_url"] is None


def test_suggest_lists_countries_first_then_analysis_titles(db, client, country):
    make_analysis(country("ER"), "Kazakh diaspora in the Horn of Africa")
    suggestions = client.get("/api/v3/search/suggest/", {"q": "kaza"}).json()
    assert suggestions[0] == {
        "kind": "country",
        "title": "Kazakhstan",
        "url": "/eastern-europe-post-soviet-states/kazakhstan/",
        "slug": "kazakhstan",
    }
    assert [s["kind"] for s in suggestions[1:]] == ["analysis"] * (len(suggestions) - 1)
    assert SEED_TITLE in [s["title"] for s in suggestions]
    assert len(client.get("/api/v3/search/suggest/", {"q": "a"}).json()) <= 10
    # A country found by an alias's prefix.
    assert client.get("/api/v3/search/suggest/", {"q": "qazaq"}).json()[0]["title"] == "Kazakhstan"


# Only live, public pages ---------------------------------------------------------------------------


def test_draft_analysis_is_never_found(api, html, country):
    make_analysis(country("ER"), "Zqdraft secret findings", live=False)
    assert api(q="zqdraft").json()["count"] == 0
    assert api(country="eritrea").json()["count"] == 0
    assert b"Zqdraft" not in html(q="zqdraft").content


def test_page_in_review_shows_only_its_live_content(api, html, country):
    page = make_analysis(country("ER"), "Zqlive title", text="Published wording.")
    page.title = "Zqpending title"
    page.standfirst = "Zqunapproved wording awaiting review."
    page.save_revision()
    refresh_index()
    assert api(q="zqpending").json()["count"] == 0
    assert api(q="zqunapproved").json()["count"] == 0
    assert titles(api(q="zqlive")) == ["Zqlive title"]
    assert b"Zqunapproved" not in html(q="zqlive").content


def test_unpublished_analysis_is_never_found(api, country):
    page = make_analysis(country("ER"), "Zqwithdrawn")
    page.unpublish()
    refresh_index()
    assert api(q="zqwithdrawn").json()["count"] == 0


@pytest.mark.parametrize("restrict", ["analysis", "country"])
def test_private_pages_are_never_found(api, html, country, restrict):
    eritrea = country("ER")
    page = make_analysis(eritrea, "Zqprivate")
    target = page if restrict == "analysis" else eritrea
    PageViewRestriction.objects.create(page=target, restriction_type="password", password="secret")
    refresh_index()
    assert api(q="zqprivate").json()["count"] == 0
    assert api(country="eritrea").json()["count"] == 0 if restrict == "analysis" else True
    assert b"Zqprivate" not in html(q="zqprivate").content
