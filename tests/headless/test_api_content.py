"""What the API says about each page type: complete, typed, and only what anonymous readers may see."""

import datetime

import pytest
from wagtail.models import PageViewRestriction
from wagtail_factories import ImageFactory

from home.models import ContactChannels
from tests.factories import AnalysisPageFactory, CountryPageFactory, ExpertFactory, publish, save_draft


def detail(client, page, **params):
    response = client.get(f"/api/v3/pages/{page.pk}/", params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def rich_analysis(kazakhstan, home):
    image = ImageFactory(title="Protest in Almaty", file__width=2000, file__height=1000)
    draft_target = AnalysisPageFactory(parent=kazakhstan, title="Unreleased analysis", live=False)
    page = AnalysisPageFactory(
        parent=kazakhstan,
        title="Rich analysis",
        current_as_of=datetime.date(2026, 11, 20),
        body=[
            ("heading", "Background"),
            ("paragraph", f'<p>See <a linktype="page" id="{kazakhstan.pk}">the country</a>.</p>'),
            ("quotation", {"quote": "No one is safe.", "attribution": "A witness", "source_url": ""}),
            ("image", {"image": {"image": image, "alt_text": "Police line", "decorative": False}, "caption": "2022"}),
            (
                "call_out",
                {"title": "Order a report", "text": "<p>Ask us.</p>", "link_page": home, "link_text": "Home"},
            ),
            ("call_out", {"title": "Hidden", "text": "<p>x</p>", "link_page": draft_target, "link_text": "x"}),
            ("heading", "Background"),
        ],
    )
    page.authors.create(expert=ExpertFactory(name="A. Researcher", role="Country expert", bio="Writes."))
    page.topics.add("torture")
    return publish(page)


def test_analysis_body_is_typed_blocks_with_html_and_resolved_links(client, rich_analysis, kazakhstan, home):
    data = detail(client, rich_analysis)
    body = data["body"]
    assert [b["type"] for b in body] == [
        "heading",
        "paragraph",
        "quotation",
        "image",
        "call_out",
        "call_out",
        "heading",
    ]
    assert body[0]["anchor"] == "background"
    assert body[6]["anchor"] == "background-2"
    assert body[1]["value"] == f'<p>See <a href="{kazakhstan.url}">the country</a>.</p>'
    assert body[2]["value"] == {"quote": "No one is safe.", "attribution": "A witness", "source_url": ""}
    assert body[4]["value"]["text"] == "<p>Ask us.</p>"
    assert body[4]["value"]["link"] == {"id": home.pk, "title": home.title, "url": home.url}
    # A call-out pointing at a draft does not reveal it.
    assert body[5]["value"]["link"] is None
    assert data["table_of_contents"] == [
        {"anchor": "background", "title": "Background"},
        {"anchor": "background-2", "title": "Background"},
    ]


def test_analysis_image_blocks_give_rendition_urls_at_three_sizes(client, rich_analysis):
    figure = detail(client, rich_analysis)["body"][3]["value"]
    assert figure["caption"] == "2022"
    image = figure["image"]
    assert image["alt"] == "Police line"
    assert image["decorative"] is False
    assert (image["width"], image["height"]) == (2000, 1000)
    sizes = image["renditions"]
    assert {name: sizes[name]["width"] for name in ("small", "medium", "large")} == {
        "small": 400,
        "medium": 800,
        "large": 1600,
    }
    assert all(r["url"].startswith("http://") and "/images/" in r["url"] for r in sizes.values())


def test_an_image_whose_file_is_lost_is_left_out_not_a_500(client, rich_analysis):
    from wagtail.images import get_image_model

    image = get_image_model().objects.get(title="Protest in Almaty")
    from django.core.cache import cache

    image.renditions.all().delete()
    cache.clear()  # Wagtail also caches renditions
    image.file.storage.delete(image.file.name)
    response = client.get(f"/api/v3/pages/{rich_analysis.pk}/")
    assert response.status_code == 200
    assert response.json()["body"][3]["value"] == {"image": None, "caption": "2022"}


def test_rich_text_format_can_still_be_requested(client, rich_analysis, kazakhstan):
    body = detail(client, rich_analysis, rich_text_format="db_html")["body"]
    assert body[1]["value"] == f'<p>See <a linktype="page" id="{kazakhstan.pk}">the country</a>.</p>'


def test_analysis_has_authors_topics_dates_country_and_region(client, rich_analysis, kazakhstan, region):
    data = detail(client, rich_analysis)
    assert data["authors"] == [{"name": "A. Researcher", "role": "Country expert", "bio": "Writes."}]
    assert data["topics"] == ["torture"]
    assert data["current_as_of"] == "2026-11-20"
    assert data["next_review_due"] == "2027-04-01"
    assert data["country"] == {"id": kazakhstan.pk, "title": "Kazakhstan", "slug": "kazakhstan", "iso_code": "KZ"}
    assert data["region"] == {"id": region.pk, "title": region.title, "slug": region.slug}


def test_country_lists_its_published_analyses_newest_first(client, kazakhstan, analysis, region):
    newer = AnalysisPageFactory(parent=kazakhstan, title="Newer", current_as_of=datetime.date(2026, 12, 1))
    AnalysisPageFactory(parent=kazakhstan, title="Draft", live=False)
    private = AnalysisPageFactory(parent=kazakhstan, title="Private", current_as_of=datetime.date(2027, 1, 1))
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    data = detail(client, kazakhstan)
    assert [a["title"] for a in data["analyses"]] == ["Newer", analysis.title]
    first = data["analyses"][0]
    assert first["standfirst"] == newer.standfirst
    assert first["current_as_of"] == "2026-12-01"
    assert first["url"] == newer.url
    assert data["region"] == {"id": region.pk, "title": region.title, "slug": region.slug}
    assert data["iso_code"] == "KZ"


def test_region_lists_live_countries_with_codes_and_summaries(client, region):
    CountryPageFactory(parent=region, title="Hidden country", iso_code="AQ", live=False)
    countries = detail(client, region)["countries"]
    kz = next(c for c in countries if c["iso_code"] == "KZ")
    assert kz["summary"].startswith("State repression")
    assert "Hidden country" not in [c["title"] for c in countries]
    assert [c["title"] for c in countries] == sorted(c["title"] for c in countries)


def test_home_has_tagline_and_region_directory(client, home):
    data = detail(client, home)
    assert data["tagline"] == "Refuge and Protection of Human Rights Worldwide"
    assert len(data["regions"]) == 7
    assert {"id", "title", "slug", "url", "countries"} == set(data["regions"][0])


def test_contact_channels_setting_is_public(client, home):
    response = client.get("/api/v3/settings/contact-channels/")
    assert response.status_code == 200
    data = response.json()
    assert data["email"] == "info@thehuman-rights.com"
    assert data["response_promise"] == "We will respond within one hour."
    assert data["social_links"][0] == {
        "network": "YouTube",
        "label": "@The_Human_Rights_eng",
        "url": "https://www.youtube.com/@The_Human_Rights_eng",
    }
    channels = ContactChannels.objects.get()
    channels.phone = "+44 20 7946 0000"
    channels.save()
    assert client.get("/api/v3/settings/contact-channels/").json()["phone_url"] == "tel:+442079460000"


def test_draft_changes_to_a_live_page_stay_out_of_public_responses(client, analysis):
    analysis.title = "Unapproved new title"
    save_draft(analysis)
    assert detail(client, analysis)["title"] != "Unapproved new title"


def test_anonymous_draft_request_is_401_not_the_live_version(client, analysis):
    analysis.title = "Unapproved new title"
    save_draft(analysis)
    response = client.get(f"/api/v3/pages/{analysis.pk}/", {"version": "draft"})
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Bearer"
    assert b"Unapproved new title" not in response.content
    # An unknown token is no token.
    response = client.get(
        f"/api/v3/pages/{analysis.pk}/", {"version": "draft"}, headers={"Authorization": "Bearer wagtail_nonsense"}
    )
    assert response.status_code == 401


def count_queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_listings_do_not_query_per_item(client, home):
    client.get("/api/v3/pages/")  # warm the site and content type caches
    few = count_queries(client, "/api/v3/pages/?type=countries.CountryPage&limit=2")
    many = count_queries(client, "/api/v3/pages/?type=countries.CountryPage&limit=50")
    assert few == many


def test_detail_queries_do_not_grow_with_the_number_of_countries(client, region, kazakhstan):
    path = f"/api/v3/pages/{region.pk}/"
    client.get(path)
    before = count_queries(client, path)
    for _ in range(5):
        CountryPageFactory(parent=region)
    assert count_queries(client, path) == before
