"""The metadata costs no query: it reads what the page has loaded for its body (tests/serving budgets the
whole page; this pins the head's share at zero, whatever the rest of the page does)."""

import pytest
from django.core.cache import cache
from django.template import Context, Template

from .head import parse_head

TAGS = {
    "analysis": "{% load analysis_meta %}{% analysis_meta %}",
    "other": "{% load page_meta %}{% page_meta %}",
}


@pytest.fixture(params=[True, False], ids=["warm", "cold"])
def content_cache(request, settings):
    settings.CONTENT_CACHE_ENABLED = request.param
    settings.PAGE_CACHE_ENABLED = False
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "tag"),
    [
        (lambda get: get("analysis").url, "analysis"),
        (lambda get: get("kazakhstan").url, "other"),
        (lambda get: get("region").url, "other"),
        (lambda get: "/", "other"),
        (lambda get: "/search/", "other"),
    ],
)
def test_the_head_adds_no_query_to_what_the_page_loads(
    client, request, content_cache, django_assert_num_queries, url, tag
):
    response = client.get(url(request.getfixturevalue))
    assert response.status_code == 200
    # The page's own context as the view built it: the routed page, its request (Site found), the
    # authors and country an analysis's byline uses, the countries a region lists.
    names = ("page", "request", "authors", "country", "countries")
    context = {name: response.context[name] for name in names if name in response.context}
    if "countries" in context:
        list(context["countries"])  # the body lists them; the head reads the same evaluated list
    with django_assert_num_queries(0):
        html = Template(TAGS[tag]).render(Context(context))
    assert parse_head(html).one("description")
