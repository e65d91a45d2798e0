"""The /search/ page: what a visitor sees and can click."""

import datetime
import re

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from tests.factories import make_analysis

SEED_TITLE = "Limited Political Freedoms Encourage Citizens to Flee Kazakhstan"


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def test_form_is_labelled_and_count_is_announced(html):
    page = text(html(q="elections"))
    assert '<label for="search-q">' in page
    assert '<label for="search-sort">' in page
    assert re.search(r'role="status" aria-live="polite">\s*1 analysis for “elections”', page)
    assert SEED_TITLE in page
    assert "<mark>elections</mark>" in page


def test_empty_page_shows_only_the_form(html):
    page = text(html())
    assert 'id="search-q"' in page
    assert 'role="status"' not in page


def test_facets_are_links_that_add_and_remove_filters(html):
    page = text(html(q="elections"))
    assert '<a href="?q=elections&amp;country=kazakhstan">Kazakhstan <span class="facet__count">(1)</span></a>' in page
    filtered = text(html(q="elections", country="kazakhstan"))
    assert 'href="?q=elections" class="facet__selected" aria-current="true">Kazakhstan (1)' in filtered
    assert '<a href="?q=elections">Remove filter: Country Kazakhstan</a>' in filtered


def test_unknown_filter_and_sort_are_explained_not_fatal(html):
    page = text(html(q="elections", country="atlantis", sort="sideways"))
    assert "1 unknown country filter ignored." in page
    assert "Unknown sort order; showing the most relevant first." in page
    assert "atlantis" not in page
    assert SEED_TITLE in page


def test_long_query_is_shortened_with_a_notice(html):
    page = text(html(q="elections " + "x" * 500))
    assert "Your search was shortened to its first 200 characters." in page


def test_no_results_page_offers_to_remove_filters_and_close_countries(html):
    page = text(html(q="Kazahkstan", region="east-africa"))
    assert "No analyses match “Kazahkstan” with the filters chosen." in page
    assert "Search again without filters" in page
    assert '<a href="?q=Kazakhstan">Kazakhstan</a>' in page


def test_countries_named_in_the_query_are_linked(html):
    page = text(html(q="Qazaqstan"))
    assert '<h2 id="countries-heading">Countries</h2>' in page
    assert '<a href="/eastern-europe-post-soviet-states/kazakhstan/">Kazakhstan</a>' in page


def test_pagination_links_and_out_of_range_pages(html, country):
    eritrea = country("ER")
    for n in range(12):
        make_analysis(eritrea, f"Zqpaged {n:02}", current_as_of=datetime.date(2020, 1, n + 1))
    first = text(html(country="eritrea"))
    assert "12 analyses, showing 1–10, newest first" in first
    assert '<nav aria-label="Result pages" class="pagination">' in first
    assert 'href="?country=eritrea&amp;page=2" rel="next"' in first
    second = text(html(country="eritrea", page="2"))
    assert "showing 11–12" in second
    assert "Zqpaged 00" in second
    for odd in ("999999999999999999999", "-3", "abc", "2.5", "0"):
        response = html(country="eritrea", page=odd)
        assert response.status_code == 200, odd
    assert "showing 11–12" in text(html(country="eritrea", page="999"))
    assert "showing 1–10" in text(html(country="eritrea", page="-3"))


def test_editors_picks_come_first(html, kazakhstan):
    SearchPromotion.objects.create(
        query=Query.get("elections"), page=kazakhstan, description="Start with the country page."
    )
    page = text(html(q="Elections"))
    assert page.index("Editor’s picks") < page.index("Start with the country page.") < page.index(SEED_TITLE)


def test_private_editors_pick_is_not_shown(html, kazakhstan):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=kazakhstan, restriction_type="password", password="x")
    SearchPromotion.objects.create(query=Query.get("zqpick"), page=kazakhstan, description="Hidden pick.")
    assert "Hidden pick." not in text(html(q="zqpick"))


def test_queries_are_counted_for_the_popular_searches_report(html, client):
    html(q="Elections")
    html(q="elections ")
    html(q="elections", page="2")  # paging is not a new search
    client.get("/api/v3/search/", {"q": "elections"})
    assert Query.objects.get(query_string="elections").hits == 3


def test_queries_that_look_personal_are_not_recorded(html):
    html(q="john.smith@example.org")
    html(q="case 123456789")
    assert not Query.objects.filter(query_string__contains="example").exists()
    assert not Query.objects.filter(query_string__contains="123456789").exists()


def test_typed_markup_is_never_reflected_unescaped(html):
    page = text(html(q='<script>alert("x")</script> elections', country="<b>x</b>"))
    assert "<script>alert" not in page
    assert "<b>x</b>" not in page
    assert "&lt;script&gt;" in page
