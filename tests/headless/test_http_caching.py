"""Validators and Cache-Control on public and personal responses; CORS for the front-end origins."""

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.views.decorators.cache import never_cache

from headless.middleware import CacheControlMiddleware
from tests.factories import publish

from .conftest import bearer


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("kind", ["api", "page", "settings"])
def test_anonymous_responses_are_cacheable_and_revalidate_with_304(client, analysis, kind):
    path = {
        "api": f"/api/v3/pages/{analysis.pk}/",
        "page": analysis.url,
        "settings": "/api/v3/settings/contact-channels/",
    }[kind]
    response = client.get(path)
    assert response.status_code == 200
    assert cache_control(response) == {"public", "max-age=60", "s-maxage=300"}
    assert "Authorization" in response["Vary"]
    etag = response["ETag"]

    revalidated = client.get(path, headers={"If-None-Match": etag})
    assert revalidated.status_code == 304
    assert revalidated.content == b""


def test_a_published_change_changes_the_etag(client, analysis):
    path = f"/api/v3/pages/{analysis.pk}/"
    etag = client.get(path)["ETag"]
    analysis.standfirst = "A new finding."
    publish(analysis)
    response = client.get(path, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_token_requests_are_private_and_not_stored(client, analysis, superuser):
    response = client.get(f"/api/v3/pages/{analysis.pk}/", headers=bearer(superuser))
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)
    assert "public" not in cache_control(response)
    assert "ETag" not in response


def test_signed_in_editors_get_private_pages(client, analysis, superuser):
    client.force_login(superuser)
    response = client.get(analysis.url)
    assert {"private", "no-store"} <= cache_control(response)
    assert "ETag" not in response


def middleware_response(view, **headers):
    request = RequestFactory().get("/", headers=headers)
    return CacheControlMiddleware(view)(request)


def test_a_page_with_a_form_token_is_personal():
    def form_view(request):
        return HttpResponse(f"<input name=csrfmiddlewaretoken value={get_token(request)}>")

    assert {"private", "no-store"} <= cache_control(middleware_response(form_view))


def test_a_views_own_never_cache_is_kept():
    response = middleware_response(never_cache(lambda request: HttpResponse("form")))
    assert "public" not in cache_control(response)
    assert "no-store" in cache_control(response)


def test_errors_and_writes_are_not_marked_public(client, analysis):
    assert "public" not in cache_control(client.get("/api/v3/pages/999999/"))
    assert "public" not in cache_control(client.post("/api/v3/pages/", {}, content_type="application/json"))


def test_cors_only_for_configured_front_end_origins(client, settings, analysis):
    settings.CORS_ALLOWED_ORIGINS = ["https://front.example.org"]
    path = f"/api/v3/pages/{analysis.pk}/"
    allowed = client.get(path, headers={"Origin": "https://front.example.org"})
    assert allowed["Access-Control-Allow-Origin"] == "https://front.example.org"
    other = client.get(path, headers={"Origin": "https://evil.example.com"})
    assert "Access-Control-Allow-Origin" not in other
    site_page = client.get(analysis.url, headers={"Origin": "https://front.example.org"})
    assert "Access-Control-Allow-Origin" not in site_page


@pytest.mark.parametrize("path", ["/api/v3/pages/", "/api/v3/images/", "/api/v3/redirects/"])
def test_an_offset_beyond_the_databases_range_is_a_400_not_a_500(db, client, path):
    response = client.get(path, {"offset": "72429081709996408011907803356594176"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert client.get(path, {"offset": str(2**63 - 1)}).status_code == 200


def test_a_password_protected_page_is_never_publicly_cached(client, kazakhstan, analysis):
    from django.urls import reverse
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(page=kazakhstan, restriction_type="password", password="open")
    form = client.get(analysis.url)
    assert form.status_code == 200  # Wagtail's password form
    assert "public" not in cache_control(form)
    unlock = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, analysis.pk])
    client.post(unlock, {"password": "open", "return_url": analysis.url})
    unlocked = client.get(analysis.url)
    assert analysis.title in unlocked.content.decode()
    assert {"private", "no-store"} <= cache_control(unlocked)
    assert "ETag" not in unlocked
