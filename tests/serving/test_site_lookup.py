"""The request's Site (and its specific root page) come from the content cache, and follow changes."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from countries.models import RegionPage
from home.models import HomePage
from tests.factories import publish

pytestmark = pytest.mark.django_db


def test_routing_makes_no_site_or_root_page_query_when_warm(client, page_cache_off):
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    # Warm, the home page's content comes from cached fragments too: at most the embedded default's
    # read of the content generation remains; no Site, no page.
    sql = [query["sql"] for query in queries.captured_queries]
    assert not [q for q in sql if "wagtailcore_site" in q or "wagtailcore_page" in q], sql
    assert len(sql) == (1 if page_cache_off == "database" else 0), sql


def test_a_new_root_page_takes_effect_at_once(client, page_cache_off):
    assert b"Eastern Europe" in client.get("/").content  # the home page's region list
    region = RegionPage.objects.get(slug="middle-east")
    site = Site.objects.get(is_default_site=True)
    site.root_page = region
    site.save()
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["page"].pk == region.pk


def test_a_published_home_page_is_routed_fresh(client, page_cache_off):
    client.get("/")
    home = HomePage.objects.get()
    home.title = "Zqnewhometitle"
    publish(home)
    assert client.get("/").context["page"].title == "Zqnewhometitle"


def test_hosts_that_are_not_allowed_are_refused_and_not_cached(client, page_cache_off, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    before = set(cache._cache) if hasattr(cache, "_cache") else None
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    if before is not None:
        assert not [key for key in set(cache._cache) - before if "attacker" in str(key)]


def test_without_the_content_cache_wagtail_looks_the_site_up(client, settings):
    settings.CONTENT_CACHE_ENABLED = False
    settings.PAGE_CACHE_ENABLED = False
    response = client.get("/")
    assert response.status_code == 200
    assert response.wsgi_request._wagtail_site == Site.objects.get(is_default_site=True)
