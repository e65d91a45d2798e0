"""Every HTML page has one description, Open Graph tags and (when it has an address) a canonical link.

Read from the served HTML with html.parser, as search engines and link previews read it.
"""

import pytest
from django.core.cache import cache

from contact.models import ConsultationFormPage
from core.templatetags.page_meta import DESCRIPTION_LENGTH, SITE_DESCRIPTION, plain_text, truncate
from tests.contact.conftest import valid_answers
from tests.factories import publish

from .head import parse_head


@pytest.fixture
def consultation(db):
    return ConsultationFormPage.objects.get(slug="consultation")


@pytest.fixture(autouse=True)
def fresh_cache():
    # The form's rate limit counts in the cache; no page rendered by another test may be answered.
    cache.clear()
    yield
    cache.clear()


def landing(client, consultation):
    response = client.post(consultation.url, valid_answers(consultation))
    assert "<h1>Thank you</h1>" in response.content.decode()
    return response


# kind: how to fetch it, given the client and a fixture lookup.
PAGES = {
    "home": lambda client, get: client.get("/"),
    "region": lambda client, get: client.get(get("region").url),
    "country": lambda client, get: client.get(get("kazakhstan").url),
    "analysis": lambda client, get: client.get(get("analysis").url),
    "search": lambda client, get: client.get("/search/"),
    "search-results": lambda client, get: client.get("/search/?q=elections"),
    "consultation": lambda client, get: client.get(get("consultation").url),
    "consultation-landing": lambda client, get: landing(client, get("consultation")),
    "404": lambda client, get: client.get("/no-such-page/"),
}


@pytest.fixture
def fetch(client, request):
    def fetch(kind):
        response = PAGES[kind](client, request.getfixturevalue)
        assert response.status_code == (404 if kind == "404" else 200), kind
        return parse_head(response)

    return fetch


@pytest.mark.django_db
@pytest.mark.parametrize("kind", PAGES)
def test_every_page_has_exactly_one_description_that_fits(fetch, kind):
    head = fetch(kind)
    description = head.one("description")
    assert description.strip()
    assert len(description) <= DESCRIPTION_LENGTH
    assert "<" not in description
    assert "&amp;" not in description
    assert head.meta_outside_head == 0


@pytest.mark.django_db
@pytest.mark.parametrize("kind", PAGES)
def test_every_page_has_open_graph_tags(fetch, kind):
    head = fetch(kind)
    assert head.one("og:title").strip()
    assert head.one("og:description") == head.one("description")
    assert head.one("og:type") == ("article" if kind == "analysis" else "website")
    assert head.one("og:site_name") == "The Human Rights"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [kind for kind in PAGES if kind != "404"])
def test_pages_with_an_address_have_an_absolute_canonical_link_and_og_url(fetch, kind):
    head = fetch(kind)
    [canonical] = head.link("canonical")
    assert canonical.startswith(("http://", "https://"))
    assert head.one("og:url") == canonical


@pytest.mark.django_db
def test_canonical_addresses_are_the_pages_own(fetch, home, region, kazakhstan, analysis, consultation):
    site_root = home.get_site().root_url
    assert fetch("home").link("canonical") == [site_root + "/"]
    assert fetch("region").link("canonical") == [site_root + region.url]
    assert fetch("analysis").link("canonical") == [site_root + analysis.url]
    # The thank-you page answers the form's own address.
    assert fetch("consultation-landing").link("canonical") == [site_root + consultation.url]
    # Search results for one query are not a page of their own.
    assert fetch("search-results").link("canonical") == [site_root + "/search/"]


@pytest.mark.django_db
def test_a_404_claims_no_address(fetch):
    head = fetch("404")
    assert head.link("canonical") == []
    assert head.named("og:url") == []
    assert head.one("og:title") == "Page not found"


@pytest.mark.django_db
def test_each_page_is_described_by_its_own_content(fetch, home, kazakhstan, analysis, consultation):
    assert fetch("country").one("description") == kazakhstan.summary
    assert fetch("home").one("description") == truncate(plain_text(home.introduction))
    # Rich text loses its markup and its entities ("Q&amp;A" in the intro) but keeps the words.
    consultation_description = fetch("consultation").one("description")
    assert consultation_description.startswith("Leave your contact information below")
    assert "Q&A" in consultation_description
    assert fetch("consultation-landing").one("description") == consultation_description
    assert fetch("search").one("description").startswith("Search the country analyses")

    # The standfirst is longer than a description: cut at a word, with an ellipsis.
    description = fetch("analysis").one("description")
    assert len(analysis.standfirst) > DESCRIPTION_LENGTH
    assert description.endswith("…")
    kept = description[:-1]
    assert analysis.standfirst.startswith(kept)
    assert analysis.standfirst[len(kept)] in " ,.;:"


@pytest.mark.django_db
def test_a_region_without_an_introduction_is_described_by_its_countries(fetch, region):
    assert not region.introduction  # as seeded
    description = fetch("region").one("description")
    assert description.startswith(f"{region.title}: ")
    assert "Kazakhstan" in description


@pytest.mark.django_db
def test_the_editors_search_description_comes_first(fetch, kazakhstan, analysis, home):
    for page in (kazakhstan, analysis, home):
        page.search_description = f"What editors say about {page.title}."
        publish(page)
    cache.clear()
    assert fetch("country").one("description") == "What editors say about Kazakhstan."
    assert fetch("analysis").one("description") == f"What editors say about {analysis.title}."
    assert fetch("home").one("description") == f"What editors say about {home.title}."


@pytest.mark.django_db
def test_a_page_with_nothing_to_say_gets_the_sites_description(fetch, region):
    # No introduction and no live countries: neither the page nor its listing says anything.
    for country in region.get_children():
        country.unpublish()
    cache.clear()
    assert fetch("region").one("description") == SITE_DESCRIPTION


def test_plain_text_reads_rich_text_as_words():
    assert plain_text("<p>One <b>bold</b> line.</p><p>Two&nbsp;&amp; three</p>") == "One bold line. Two & three"
    assert plain_text("<ul><li>a</li><li>b</li></ul>") == "a b"
    assert plain_text(None) == ""


def test_truncate_cuts_at_a_word_boundary():
    assert truncate("short") == "short"
    exact = "x" * DESCRIPTION_LENGTH
    assert truncate(exact) == exact
    words = "word " * 60
    cut = truncate(words)
    assert len(cut) <= DESCRIPTION_LENGTH
    assert cut.endswith("word…")
    assert truncate("a" * 300) == "a" * (DESCRIPTION_LENGTH - 1) + "…"
    assert truncate("Freedom, " * 30).endswith("Freedom…")
