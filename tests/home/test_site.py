import pytest
from django.test import Client
from wagtail.models import Page

from countries.models import AnalysisPage
from tests.factories import AnalysisPageFactory, save_draft


def live_pages():
    return [p for p in Page.objects.live().specific() if p.depth > 1]


def test_every_seeded_page_renders(db, client):
    pages = live_pages()
    assert len(pages) == 1 + 7 + 58 + 1 + 1  # home, regions, countries, analysis, consultation
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title.replace("&", "&amp;") in response.content.decode()


def test_home_page_shows_tagline_directory_latest_and_contact(client, home):
    html = client.get("/").content.decode()
    assert "<h1>Refuge and Protection of Human Rights Worldwide</h1>" in html
    assert "Our Expertise Covers a Wide Range of Regions and Countries" in html
    assert "Eastern Europe &amp; Post-Soviet States" in html
    assert "Kazakhstan" in html
    assert "State repression, abuse of prisoners" in html
    assert "Limited Political Freedoms Encourage Citizens to Flee Kazakhstan" in html
    assert 'href="mailto:info@thehuman-rights.com"' in html


def test_analysis_page_shows_contents_dates_topics_and_sources(client, analysis):
    html = client.get(analysis.url).content.decode()
    assert 'href="#elections-without-choice"' in html
    assert (
        '<h2 id="elections-without-choice"><span class="section__number">4.</span> Elections Without Choice</h2>'
        in html
    )
    assert "Information current as of" in html
    assert "1 November 2026" in html
    assert "freedom of assembly" in html
    assert "Freedom House" in html
    assert "How to Order an Expert Witness Report?" in html
    assert "An update of this analysis is pending" not in html


def test_overdue_analysis_shows_a_neutral_notice(client, analysis):
    import datetime

    analysis.next_review_due = datetime.date(2020, 1, 1)
    analysis.save_revision().publish()
    assert "An update of this analysis is pending." in client.get(analysis.url).content.decode()


def test_country_page_lists_published_analyses(client, kazakhstan, analysis):
    html = client.get(kazakhstan.url).content.decode()
    assert analysis.title in html
    assert "State repression" in html


def test_draft_analysis_is_not_served_or_listed(client, kazakhstan):
    draft = AnalysisPageFactory(parent=kazakhstan, title="Unreviewed findings", slug="unreviewed", live=False)
    save_draft(draft)
    assert client.get("/eastern-europe-post-soviet-states/kazakhstan/unreviewed/").status_code == 404
    assert "Unreviewed findings" not in client.get(kazakhstan.url).content.decode()
    assert "Unreviewed findings" not in client.get("/").content.decode()


def test_unpublished_changes_to_a_live_analysis_stay_hidden(client, analysis):
    analysis.title = "A draft title nobody approved"
    analysis.save_revision()
    html = client.get(analysis.url).content.decode()
    assert "A draft title nobody approved" not in html
    assert "Limited Political Freedoms" in html


def test_404_page(client, db):
    response = client.get("/no-such-country/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_500_page_is_self_contained(db):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html


def test_pages_are_accessible_html(client, analysis):
    html = client.get(analysis.url).content.decode()
    assert '<html lang="en">' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert html.count("<h1>") == 1


@pytest.mark.parametrize("path", ["/api/v3/pages/", "/api/v3/openapi.json", "/api/v3/docs/"])
def test_api_endpoints_are_mounted(db, path):
    assert Client().get(path).status_code == 200


def test_api_serves_structured_analysis_fields(client, analysis):
    data = client.get(f"/api/v3/pages/{analysis.pk}/").json()
    assert data["meta"]["type"] == "countries.AnalysisPage"
    assert data["standfirst"].startswith("Despite official claims")
    assert len(data["table_of_contents"]) == 12
    assert data["country"] == {
        "id": analysis.get_parent().pk,
        "title": "Kazakhstan",
        "slug": "kazakhstan",
        "iso_code": "KZ",
    }
    assert data["region"]["title"] == "Eastern Europe & Post-Soviet States"
    assert "elections" in data["topics"]
    assert [s["author"] for s in data["sources"]] == ["Freedom House", "Amnesty International", "Human Rights Watch"]
    assert all(s["cited"] and s["accessed_on"] == "2026-11-01" for s in data["sources"])
    assert data["current_as_of"] == "2026-11-01"
    assert data["body"][0] == {
        "type": "heading",
        "value": "Introduction: A Democracy in Name Only",
        "anchor": "introduction-a-democracy-in-name-only",
        "id": data["body"][0]["id"],
    }


def test_api_serves_country_region_and_home_fields(client, home, region, kazakhstan, analysis):
    country = client.get(f"/api/v3/pages/{kazakhstan.pk}/").json()
    assert country["iso_code"] == "KZ"
    assert country["summary"].startswith("State repression")
    assert country["region"]["slug"] == "eastern-europe-post-soviet-states"
    assert [a["title"] for a in country["analyses"]] == [analysis.title]
    region_data = client.get(f"/api/v3/pages/{region.pk}/").json()
    assert {"title": "Kazakhstan", "iso_code": "KZ"}.items() <= next(
        c for c in region_data["countries"] if c["iso_code"] == "KZ"
    ).items()
    home_data = client.get(f"/api/v3/pages/{home.pk}/").json()
    assert home_data["tagline"] == "Refuge and Protection of Human Rights Worldwide"
    assert len(home_data["regions"]) == 7
    assert sum(len(r["countries"]) for r in home_data["regions"]) == 58


def test_api_hides_drafts_from_anonymous_readers(client, kazakhstan):
    draft = AnalysisPageFactory(parent=kazakhstan, title="Secret draft", live=False)
    assert client.get(f"/api/v3/pages/{draft.pk}/").status_code == 404
    listing = client.get("/api/v3/pages/", {"type": "countries.AnalysisPage"}).json()
    assert [item["title"] for item in listing["items"]] == [AnalysisPage.objects.live().get().title]


def test_navigation_lists_every_region_and_country(client, home):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(client.get("/").content, "html.parser")
    nav = soup.find("nav", attrs={"aria-label": "Regions and countries"})
    region_links = [a.get_text() for a in nav.select(".site-nav__list a")]
    assert len(region_links) == 7
    country_links = nav.select(".site-nav__directory a")
    assert len(country_links) == 58
    kazakhstan = next(a for a in country_links if a.get_text() == "Kazakhstan")
    assert kazakhstan["href"] == "/eastern-europe-post-soviet-states/kazakhstan/"
