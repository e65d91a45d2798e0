"""Nothing unapproved is visible: every unpublished state × every public route."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from editorial import workflow
from tests.factories import AnalysisPageFactory


def make_draft(kazakhstan, researcher, editor, word):
    page = AnalysisPageFactory(parent=kazakhstan, title=f"Draft {word}", slug=word.lower(), live=False)
    page.save_revision(user=researcher)
    return page


def make_in_review(kazakhstan, researcher, editor, word):
    page = make_draft(kazakhstan, researcher, editor, word)
    workflow.submit(page, researcher)
    return page


def make_rejected(kazakhstan, researcher, editor, word):
    page = make_in_review(kazakhstan, researcher, editor, word)
    workflow.act(page, editor, "reject", "Not yet.")
    return page


def make_scheduled(kazakhstan, researcher, editor, word):
    page = make_draft(kazakhstan, researcher, editor, word)
    page.go_live_at = timezone.now() + datetime.timedelta(days=3)
    page.save_revision(user=researcher)
    workflow.submit(page, researcher)
    workflow.act(page, editor, "approve", "")
    page.refresh_from_db()
    assert page.get_latest_revision().approved_go_live_at is not None
    return page


def make_unpublished(kazakhstan, researcher, editor, word):
    page = AnalysisPageFactory(parent=kazakhstan, title=f"Withdrawn {word}", slug=word.lower())
    page.save_revision(user=editor).publish()
    assert Client().get(page.url).status_code == 200  # it was public...
    page.unpublish(user=editor)
    return page


def make_private(kazakhstan, researcher, editor, word):
    page = AnalysisPageFactory(parent=kazakhstan, title=f"Private {word}", slug=word.lower())
    page.save_revision(user=editor).publish()
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="secret")  # noqa: S106
    return page


STATES = {
    "draft": make_draft,
    "in review": make_in_review,
    "rejected": make_rejected,
    "scheduled": make_scheduled,
    "unpublished": make_unpublished,
    "private": make_private,
}


def body(client, url, **params):
    response = client.get(url, params)
    return response.status_code, response.content.decode()


@pytest.fixture
def hidden_page(request, kazakhstan, researcher, editor):
    word = "Quokkaphant" + request.param.replace(" ", "").capitalize()
    page = STATES[request.param](kazakhstan, researcher, editor, word)
    page.refresh_from_db()
    return page, word


@pytest.mark.parametrize("hidden_page", list(STATES), indirect=True)
def test_hidden_everywhere(hidden_page, kazakhstan, region, home):
    page, word = hidden_page
    client = Client()
    path = page.url or f"/eastern-europe-post-soviet-states/kazakhstan/{page.slug}/"

    status, html = body(client, path)
    assert status in (401, 404) or (status == 200 and "password" in html.lower() and word not in html)

    for listing in (kazakhstan.url, region.url, home.url):
        assert word not in body(client, listing)[1], listing

    # The search page repeats the query, so look for the page itself.
    results = body(client, "/search/", q=word)[1]
    assert page.title not in results
    assert f'href="{path}"' not in results

    api_list = client.get("/api/v3/pages/", {"type": "countries.AnalysisPage"}).json()
    assert page.pk not in [item["id"] for item in api_list["items"]]
    assert client.get(f"/api/v3/pages/{page.pk}/").status_code == 404
    assert client.get("/api/v3/pages/find/", {"html_path": path}).status_code == 404
    searched = client.get("/api/v3/pages/", {"search": word}).json()
    assert searched["items"] == []
    country_api = client.get(f"/api/v3/pages/{kazakhstan.pk}/").json()
    assert page.pk not in [a["id"] for a in country_api["analyses"]]

    assert path not in body(client, "/sitemap.xml")[1]


def test_unreviewed_changes_to_a_live_page_stay_hidden(analysis, researcher):
    analysis.title = "Quokkaphant unreviewed title"
    analysis.save_revision(user=researcher)
    workflow.submit(analysis, researcher)
    client = Client()
    assert "Quokkaphant" not in client.get(analysis.url).content.decode()
    assert "Quokkaphant" not in client.get(analysis.get_parent().url).content.decode()
    assert client.get(f"/api/v3/pages/{analysis.pk}/").json()["title"].startswith("Limited Political Freedoms")
    assert "Quokkaphant unreviewed title" not in client.get("/search/", {"q": "Quokkaphant"}).content.decode()


def test_unpublishing_removes_a_page_from_every_route_at_once(analysis, kazakhstan, editor):
    client = Client()
    routes = [analysis.url, kazakhstan.url, "/", "/sitemap.xml", f"/api/v3/pages/{analysis.pk}/"]
    for url in routes:  # warm any cache
        assert client.get(url).status_code == 200
    analysis.unpublish(user=editor)
    assert client.get(analysis.url).status_code == 404
    assert client.get(f"/api/v3/pages/{analysis.pk}/").status_code == 404
    for url in routes[1:4]:
        assert analysis.title not in client.get(url).content.decode(), url
    assert "Limited Political Freedoms" not in client.get("/search/", {"q": "Kazakhstan"}).content.decode()
