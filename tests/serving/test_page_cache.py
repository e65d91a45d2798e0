"""The page cache: served for anonymous readers, fresh the moment content changes, never personal."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings
from wagtail.models import Page

from countries.models import AnalysisPage, CountryPage
from serving.page_cache import STATUS_HEADER, PageCacheMiddleware
from tests.factories import AnalysisPageFactory, publish
from tests.serving.conftest import bump_as_another_process

pytestmark = pytest.mark.django_db


def routes(analysis):
    country = analysis.get_parent()
    region = country.get_parent()
    return [
        "/",
        region.url,
        country.url,
        analysis.url,
        "/search/?q=freedoms",
        "/api/v3/pages/?type=countries.AnalysisPage",
        "/api/v3/pages/?type=countries.CountryPage",
        f"/api/v3/pages/{analysis.pk}/",
        f"/api/v3/pages/{country.pk}/",
        f"/api/v3/pages/{region.pk}/",
        "/sitemap.xml",
    ]


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code in (200, 404), (url, response.status_code)
    return response


def warm(client, urls):
    for url in urls:
        get(client, url)
    for url in urls:
        response = get(client, url)
        if response.status_code == 200:
            assert response[STATUS_HEADER] == "hit", url


def assert_fresh(client, settings, urls):
    """Every cached response equals what a full render gives now: no stale response anywhere."""
    served = {url: get(client, url) for url in urls}
    settings.CONTENT_CACHE_ENABLED = False
    try:
        for url in urls:
            rendered = get(client, url)
            assert served[url].status_code == rendered.status_code, url
            assert served[url].content == rendered.content, f"stale response at {url}"
    finally:
        settings.CONTENT_CACHE_ENABLED = True


def test_anonymous_get_is_served_from_cache_without_queries(client, content_cache_on, analysis):
    first = client.get(analysis.url)
    assert first[STATUS_HEADER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(analysis.url)
    assert second[STATUS_HEADER] == "hit"
    assert second.content == first.content
    if content_cache_on == "database":
        # The embedded default's one primary-key read of the generation, nothing else.
        assert [q["sql"] for q in queries.captured_queries if "core_contentgeneration" not in q["sql"]] == []
        assert len(queries) == 1
    else:
        assert len(queries) == 0


def test_cache_key_includes_query_string_and_host(client, content_cache_on):
    client.get("/search/?q=freedoms")
    other = client.get("/search/?q=elections")
    assert other[STATUS_HEADER] == "miss"
    assert b"elections" in other.content
    other_host = client.get("/search/?q=freedoms", HTTP_HOST="127.0.0.1")
    assert other_host[STATUS_HEADER] == "miss"


def test_publishing_an_edit_shows_at_once_on_every_cached_route(client, settings, content_cache_on, analysis):
    urls = routes(analysis)
    warm(client, urls)

    analysis.title = "Freedoms restricted further in Kazakhstan"
    publish(analysis)

    assert_fresh(client, settings, urls)
    for url in ["/", analysis.get_parent().url, analysis.url, "/search/?q=freedoms", f"/api/v3/pages/{analysis.pk}/"]:
        assert b"Freedoms restricted further in Kazakhstan" in client.get(url).content, url


def test_publishing_a_country_refreshes_the_menu_and_region_everywhere(
    client, settings, content_cache_on, analysis, kazakhstan
):
    urls = routes(analysis)
    warm(client, urls)

    kazakhstan.title = "Republic of Kazakhstan"
    publish(kazakhstan)

    assert_fresh(client, settings, urls)
    assert b"Republic of Kazakhstan" in client.get(kazakhstan.get_parent().url).content
    assert b"Republic of Kazakhstan" in client.get(analysis.url).content  # breadcrumbs


def test_a_new_analysis_appears_at_once(client, settings, content_cache_on, analysis, kazakhstan):
    urls = routes(analysis)
    warm(client, urls)

    new = AnalysisPageFactory.build(title="Freedoms of assembly in 2026", live=False)
    kazakhstan.add_child(instance=new)
    publish(new)

    assert_fresh(client, settings, urls)
    assert b"Freedoms of assembly in 2026" in client.get(kazakhstan.url).content
    assert b"Freedoms of assembly in 2026" in client.get("/search/?q=freedoms").content


def test_unpublished_analysis_disappears_at_once(client, settings, content_cache_on, analysis):
    urls = routes(analysis)
    warm(client, urls)
    title = analysis.title.encode()

    analysis.unpublish()

    assert client.get(analysis.url).status_code == 404
    assert client.get(f"/api/v3/pages/{analysis.pk}/").status_code == 404
    for url in ["/", analysis.get_parent().url, "/search/?q=freedoms", "/api/v3/pages/?type=countries.AnalysisPage"]:
        assert title not in client.get(url).content, url
    assert_fresh(client, settings, urls)


def test_moved_analysis_is_served_at_its_new_address_at_once(client, settings, content_cache_on, analysis):
    old_url = analysis.url
    urls = routes(analysis)
    warm(client, urls)
    uzbekistan = CountryPage.objects.get(iso_code="UZ")

    analysis.move(uzbekistan, pos="last-child")
    analysis = AnalysisPage.objects.get(pk=analysis.pk)

    # Wagtail leaves a redirect from the old address; the cached copy there must not survive.
    old = client.get(old_url)
    assert old.status_code == 301
    assert old["Location"] == analysis.url
    assert client.get(analysis.url).status_code == 200
    assert analysis.title.encode() in client.get(uzbekistan.url).content
    assert_fresh(client, settings, [url for url in urls if url != old_url] + [analysis.url, uzbekistan.url])


def test_deleted_analysis_disappears_at_once(client, settings, content_cache_on, analysis, kazakhstan):
    urls = routes(analysis)
    warm(client, urls)
    url, title = analysis.url, analysis.title.encode()

    Page.objects.get(pk=analysis.pk).delete()

    assert client.get(url).status_code == 404
    assert title not in client.get(kazakhstan.url).content
    assert title not in client.get("/").content


def test_saving_a_draft_keeps_the_cache(client, content_cache_on, analysis):
    client.get(analysis.url)
    analysis.title = "Draft title nobody may see yet"
    analysis.save_revision()
    response = client.get(analysis.url)
    assert response[STATUS_HEADER] == "hit"
    assert b"Draft title nobody may see yet" not in response.content


def test_editing_contact_channels_refreshes_the_footer(client, content_cache_on, home):
    from home.models import ContactChannels

    client.get("/")
    channels = ContactChannels.objects.get()
    channels.phone = "+44 20 7946 0999"
    channels.save()
    assert b"+44 20 7946 0999" in client.get("/").content


def test_logged_in_users_are_never_served_or_stored(client, content_cache_on, analysis):
    anonymous = client.get(analysis.url)
    assert anonymous[STATUS_HEADER] == "miss"

    user = get_user_model().objects.create_superuser("cache-editor", "e@example.org", "pw")
    client.force_login(user)
    signed_in = client.get(analysis.url)
    assert STATUS_HEADER not in signed_in
    assert b"wagtail-userbar" in signed_in.content
    assert b"wagtail-userbar" not in anonymous.content

    client.logout()
    again = client.get(analysis.url)
    assert again[STATUS_HEADER] == "hit"
    assert again.content == anonymous.content


def test_admin_and_health_are_never_cached(client, content_cache_on):
    for url in ["/admin/login/", "/healthz"]:
        client.get(url)
        assert STATUS_HEADER not in client.get(url), url


def test_post_is_never_served_from_cache(client, content_cache_on, analysis):
    client.get(analysis.url)
    response = client.post(analysis.url)
    assert STATUS_HEADER not in response


def test_unknown_pages_are_not_stored(client, content_cache_on):
    client.get("/no-such-page/")
    assert STATUS_HEADER not in client.get("/no-such-page/")


# The middleware's rules, one response property at a time.


def run_twice(view, settings, **request_extra):
    """Call the middleware twice with ``view``; return how many times the view ran."""
    calls = []

    def get_response(request):
        calls.append(request)
        return view(request)

    middleware = PageCacheMiddleware(get_response)
    factory = RequestFactory()
    for _ in range(2):
        request = factory.get("/some/page/", **request_extra)
        middleware(request)
    return len(calls)


def plain(request):
    return HttpResponse(b"public")


def with_cookie(request):
    response = HttpResponse(b"hello")
    response.set_cookie("tracking", "1")
    return response


def with_header(name, value):
    def view(request):
        response = HttpResponse(b"hello")
        response[name] = value
        return response

    return view


def with_csrf_token(request):
    return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')


def with_session_change(request):
    from django.contrib.sessions.backends.db import SessionStore

    request.session = SessionStore()
    request.session["seen"] = True
    return HttpResponse(b"hello")


def test_plain_public_response_is_stored(settings, content_cache_on):
    assert run_twice(plain, settings) == 1


@pytest.mark.parametrize(
    "view",
    [
        with_cookie,
        with_csrf_token,
        with_session_change,
        with_header("Cache-Control", "private"),
        with_header("Cache-Control", "no-store"),
        with_header("Cache-Control", "no-cache, must-revalidate"),
        with_header("Vary", "Accept-Language"),
    ],
    ids=["set-cookie", "csrf-token", "session", "private", "no-store", "no-cache", "vary"],
)
def test_personal_or_private_responses_are_never_stored(view, settings, content_cache_on):
    assert run_twice(view, settings) == 2


@pytest.mark.parametrize(
    "extra",
    [{"HTTP_COOKIE": "sessionid=abc"}, {"HTTP_AUTHORIZATION": "Bearer token"}],
    ids=["session-cookie", "authorization"],
)
def test_requests_that_may_be_personal_bypass_the_cache(extra, settings, content_cache_on):
    assert run_twice(plain, settings, **extra) == 2


def test_preview_links_bypass_the_cache(settings, content_cache_on):
    calls = []

    def get_response(request):
        calls.append(request)
        return HttpResponse(b"draft")

    middleware = PageCacheMiddleware(get_response)
    for _ in range(2):
        middleware(RequestFactory().get("/api/v3/pages/1/", {"preview": "1", "token": "secret"}))
    assert len(calls) == 2


def test_page_cache_can_be_turned_off(settings, content_cache_on):
    settings.PAGE_CACHE_ENABLED = False
    assert run_twice(plain, settings) == 2


@override_settings(CONTENT_CACHE_ENABLED=False)
def test_off_without_a_shared_cache():
    assert run_twice(plain, None) == 2


def test_a_purge_by_another_worker_is_seen_at_once(client, content_cache_on, analysis):
    client.get(analysis.url)
    assert client.get(analysis.url)[STATUS_HEADER] == "hit"
    # Another gunicorn worker or server publishes: only the shared generation changes.
    bump_as_another_process(content_cache_on)
    assert client.get(analysis.url)[STATUS_HEADER] == "miss"


@pytest.mark.parametrize("restricted", ["analysis", "country", "region"])
def test_a_new_view_restriction_applies_at_once(client, content_cache_on, analysis, restricted):
    from wagtail.models import PageViewRestriction

    target = {"analysis": analysis, "country": analysis.get_parent(), "region": analysis.get_parent().get_parent()}
    assert client.get(analysis.url).status_code == 200
    assert client.get(analysis.url)[STATUS_HEADER] == "hit"

    PageViewRestriction.objects.create(page=target[restricted], restriction_type=PageViewRestriction.LOGIN)

    response = client.get(analysis.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert analysis.title.encode() not in response.content


def test_the_consultation_form_is_never_cached(client, content_cache_on):
    from contact.models import ConsultationFormPage

    url = ConsultationFormPage.objects.live().get().url
    first = client.get(url)
    assert first.status_code == 200
    second = client.get(url)
    assert STATUS_HEADER not in second
    assert "private" in second["Cache-Control"]
    assert "no-store" in second["Cache-Control"]


def test_api_responses_are_cached_per_cors_origin(client, content_cache_on, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://front.example.org"]
    url = "/api/v3/pages/?type=countries.CountryPage"
    allowed = client.get(url, HTTP_ORIGIN="https://front.example.org")
    assert allowed["Access-Control-Allow-Origin"] == "https://front.example.org"
    other = client.get(url, HTTP_ORIGIN="https://evil.example.net")
    assert "Access-Control-Allow-Origin" not in other
    again = client.get(url, HTTP_ORIGIN="https://front.example.org")
    assert again[STATUS_HEADER] == "hit"
    assert again["Access-Control-Allow-Origin"] == "https://front.example.org"


def test_a_hit_is_the_response_as_it_left_and_answers_revalidation(client, content_cache_on, analysis):
    first = client.get(analysis.url)
    hit = client.get(analysis.url)
    assert (first[STATUS_HEADER], hit[STATUS_HEADER]) == ("miss", "hit")
    # Stored with the headers the outer middleware added: a hit skips them and must lose nothing.
    for header in ["ETag", "Cache-Control", "Content-Security-Policy", "Permissions-Policy", "Vary"]:
        assert hit[header] == first[header], header
    assert hit["Content-Length"] == str(len(hit.content))

    revalidated = client.get(analysis.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert revalidated.status_code == 304
    assert revalidated[STATUS_HEADER] == "hit"
    assert revalidated.content == b""
    assert client.get(analysis.url, HTTP_IF_NONE_MATCH='"another"').status_code == 200
