"""Cached fragments, API fields and routing objects (core.content_cache) are never stale.

With the page cache off every response is rendered, but the expensive parts of a render come from the
content cache: these tests check that what they hold follows every change at once, with the
generation in the shared cache and in the database (the embedded default, several workers without a
shared cache), and that previews and signed-in users never see them.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import content_cache
from countries.models import AnalysisPage
from tests.factories import publish, save_draft
from tests.serving.conftest import bump_as_another_process
from tests.serving.test_page_cache import assert_fresh, get, routes

pytestmark = pytest.mark.django_db


def warm_twice(client, urls):
    """Render each URL twice: the second render is served from what the first one kept."""
    for _ in range(2):
        for url in urls:
            get(client, url)


def test_a_publication_refreshes_every_fragment_at_once(client, settings, page_cache_off, analysis):
    urls = routes(analysis)
    warm_twice(client, urls)

    analysis.title = "Zqfresh fragments after publishing"
    publish(analysis)

    for url in ["/", analysis.get_parent().url, analysis.url, f"/api/v3/pages/{analysis.pk}/"]:
        assert b"Zqfresh fragments after publishing" in client.get(url).content, url
    assert_fresh(client, settings, urls)


def test_another_workers_change_is_seen_at_once(client, page_cache_off, analysis):
    """Another process changes the database and the generation; this process's memory is untouched."""
    warm_twice(client, [analysis.url, f"/api/v3/pages/{analysis.pk}/", analysis.get_parent().url])
    AnalysisPage.objects.filter(pk=analysis.pk).update(title="Zqchanged by another worker")
    # Without the generation changing, the kept and cached copies are what is served (that is the
    # point of them) ...
    assert b"Zqchanged by another worker" not in client.get(analysis.url).content
    bump_as_another_process(page_cache_off)
    # ... and once it has changed, nothing kept from before is served anywhere.
    assert b"Zqchanged by another worker" in client.get(analysis.url).content
    assert b"Zqchanged by another worker" in client.get(analysis.get_parent().url).content
    assert client.get(f"/api/v3/pages/{analysis.pk}/").json()["title"] == "Zqchanged by another worker"


def test_a_warm_render_reads_only_the_generation(client, page_cache_off, analysis):
    warm_twice(client, [analysis.url])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(analysis.url)
    assert response.status_code == 200
    sql = [query["sql"] for query in queries.captured_queries]
    assert len(sql) == (1 if page_cache_off == "database" else 0), sql


def test_a_preview_shows_the_draft_not_the_cached_fragment(client, page_cache_off, analysis, settings):
    settings.HEADLESS_PREVIEW_URL = ""
    warm_twice(client, [analysis.url])
    analysis.title = "Zqdraft only the preview shows"
    save_draft(analysis)
    draft = analysis.get_latest_revision_as_object()

    preview = draft.make_preview_request()
    assert preview.status_code == 200
    assert "Zqdraft only the preview shows" in preview.rendered_content
    assert b"Zqdraft only the preview shows" not in client.get(analysis.url).content


def test_signed_in_users_get_their_own_render(client, page_cache_off, analysis):
    warm_twice(client, [analysis.url])
    editor = get_user_model().objects.create_superuser("fragments-editor", "f@example.org", "pw")
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(analysis.url)
    assert response.status_code == 200
    assert b"wagtail-userbar" in response.content
    assert len(queries) > 3  # rendered from the database, not from anonymous readers' fragments


def test_kept_objects_are_bounded_and_follow_the_generation(page_cache_off):
    calls = []

    def compute():
        calls.append(1)
        return object()

    first = content_cache.kept("zq-test", compute)
    assert content_cache.kept("zq-test", compute) is first
    content_cache.bump_generation()
    assert content_cache.kept("zq-test", compute) is not first
    assert len(calls) == 2
    for n in range(1100):
        content_cache.kept(f"zq-bound-{n}", object)
    assert len(content_cache._kept) <= 1001


def test_kept_api_fields_follow_the_rich_text_format_asked_for(client, page_cache_off, analysis):
    url = f"/api/v3/pages/{analysis.pk}/"
    html = client.get(url).json()
    markdown = client.get(url, {"rich_text_format": "markdown"}).json()
    paragraphs = [block for block in html["body"] if block["type"] == "paragraph"]
    markdown_paragraphs = [block for block in markdown["body"] if block["type"] == "paragraph"]
    assert paragraphs
    assert "<p" in paragraphs[0]["value"]
    assert "<p" not in markdown_paragraphs[0]["value"]
    assert client.get(url).json()["body"] == html["body"]
