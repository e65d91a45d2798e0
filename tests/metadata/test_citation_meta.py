"""An analysis page tells reference managers how to cite it: Highwire Press tags and schema.org JSON-LD.

Zotero and Google Scholar read the ``citation_*`` meta tags, search engines the JSON-LD; both are read
here from the served HTML with html.parser and json.loads.
"""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.utils import timezone

from core.templatetags.page_meta import offered
from countries.models import AnalysisPage
from tests.factories import ExpertFactory, publish

from .head import parse_head

PUBLISHED = datetime.datetime(2026, 11, 3, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def authored(analysis):
    """The seeded analysis with two authors (the seed credits none) and a known first publication."""
    first = ExpertFactory(name="Dana Aliyeva", role="Central Asia researcher")
    second = ExpertFactory(name="Jonas Berg", role="")
    # Out of alphabetical order on purpose: the byline's order is the authors' sort order.
    analysis.authors.create(expert=second, sort_order=0)
    analysis.authors.create(expert=first, sort_order=1)
    publish(analysis)  # as an editor adds them
    AnalysisPage.objects.filter(pk=analysis.pk).update(first_published_at=PUBLISHED)
    analysis.refresh_from_db()
    return analysis


def head_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return parse_head(response)


@pytest.mark.django_db
def test_highwire_tags_name_title_authors_publisher_and_dates(client, authored, home):
    head = head_of(client, authored)
    url = home.get_site().root_url + authored.url

    assert head.one("citation_title") == authored.title
    assert head.named("citation_author") == ["Jonas Berg", "Dana Aliyeva"]
    assert head.one("citation_publisher") == "The Human Rights"
    assert head.one("citation_technical_report_institution") == "The Human Rights"
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", head.one("citation_publication_date"))
    assert head.one("citation_publication_date") == "2026/11/03"
    assert head.one("citation_online_date") == "2026/11/03"
    assert head.one("citation_language") == "en-GB"
    assert head.one("citation_public_url") == url
    assert head.one("citation_abstract_html_url") == url


@pytest.mark.django_db
def test_open_graph_calls_an_analysis_an_article_at_its_absolute_address(client, authored, home):
    head = head_of(client, authored)
    url = home.get_site().root_url + authored.url
    assert head.one("og:type") == "article"
    assert head.one("og:title") == authored.title
    assert head.one("og:url") == url
    assert head.link("canonical") == [url]


@pytest.mark.django_db
def test_json_ld_is_a_report_with_dates_authors_publisher_and_country(client, authored, kazakhstan, home):
    report = head_of(client, authored).report()
    site_root = home.get_site().root_url

    assert report["@context"] == "https://schema.org"
    assert report["@type"] == "Report"
    assert report["name"] == report["headline"] == authored.title
    assert report["description"] == authored.standfirst  # whole, not cut like the meta description
    assert report["url"] == site_root + authored.url
    assert report["inLanguage"] == "en-GB"
    assert datetime.datetime.fromisoformat(report["datePublished"]) == PUBLISHED
    modified = datetime.datetime.fromisoformat(report["dateModified"])
    assert modified == authored.last_published_at.replace(microsecond=0)
    assert report["author"] == [
        {"@type": "Person", "name": "Jonas Berg"},
        {"@type": "Person", "name": "Dana Aliyeva", "jobTitle": "Central Asia researcher"},
    ]
    assert report["publisher"] == {"@type": "Organization", "name": "The Human Rights", "url": site_root + "/"}
    assert report["about"] == {
        "@type": "Country",
        "name": "Kazakhstan",
        "identifier": "KZ",
        "url": site_root + kazakhstan.url,
    }


@pytest.mark.django_db
def test_a_title_cannot_close_the_json_ld_script(client, authored):
    title = 'Detained </script><script>alert("x")</script> & <!-- released'
    authored.title = title
    publish(authored)
    cache.clear()
    html = client.get(authored.url).content.decode()
    head = parse_head(html)

    # Parsed as one script whose JSON holds the title intact, and nothing executable was added.
    assert head.report()["name"] == title
    assert head.one("citation_title") == title
    assert 'alert("x")</script>' not in html
    assert "<script>alert" not in html


def render_meta(page, rf, **context):
    """The analysis head as the template tag renders it for ``page`` (an object the test may dress up)."""
    request = rf.get(page.url)
    context = {"page": page, "request": request, **context}
    return parse_head(Template("{% load analysis_meta %}{% analysis_meta %}").render(Context(context)))


@pytest.mark.django_db
def test_version_and_pdf_appear_only_when_the_page_offers_them(authored, rf, monkeypatch, home):
    # A page type without them (as before analyses had versions, and PDFs are still to come).
    monkeypatch.delattr(AnalysisPage, "current_version", raising=False)
    monkeypatch.delattr(AnalysisPage, "pdf_url", raising=False)
    head = render_meta(authored, rf)
    assert head.named("citation_version") == head.named("citation_pdf_url") == []
    assert "version" not in head.report()
    assert "encoding" not in head.report()
    assert head.named("citation_author") == ["Jonas Berg", "Dana Aliyeva"]  # read by the tag itself

    # Offered: the current version as a method, the PDF as a path.
    version = SimpleNamespace(number="1.1", published_at=timezone.now(), permalink="/v/1.1/")
    authored.current_version = lambda: version
    authored.pdf_url = "/bundles/kazakhstan-1.1.pdf"
    head = render_meta(authored, rf)
    pdf = home.get_site().root_url + "/bundles/kazakhstan-1.1.pdf"
    assert head.one("citation_version") == "1.1"
    assert head.one("citation_pdf_url") == pdf
    report = head.report()
    assert report["version"] == "1.1"
    assert report["encoding"] == {"@type": "MediaObject", "contentUrl": pdf, "encodingFormat": "application/pdf"}

    # Offered but empty (a draft has no version, no PDF is rendered yet): left out, not written empty.
    authored.current_version = None
    authored.pdf_url = ""
    head = render_meta(authored, rf)
    assert head.named("citation_version") == head.named("citation_pdf_url") == []
    assert "version" not in head.report()


@pytest.mark.django_db
def test_the_served_page_cites_its_current_version_when_it_has_one(client, authored):
    head = head_of(client, authored)
    current = offered(authored, "current_version")  # None until analyses have versions
    if current is None:
        assert head.named("citation_version") == []
        assert "version" not in head.report()
    else:
        assert head.one("citation_version") == head.report()["version"] == current.number


@pytest.mark.django_db
def test_other_pages_carry_no_citation_metadata(client, kazakhstan):
    head = parse_head(client.get(kazakhstan.url))
    assert not [m for m in head.metas if (m.get("name") or "").startswith("citation_")]
    assert head.json_ld == []
