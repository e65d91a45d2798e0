"""``meta.detail_url`` names the host that served the request, or the one the operator configured."""

import pytest

pytestmark = pytest.mark.django_db


def detail_url(client, analysis, **extra):
    response = client.get(f"/api/v3/pages/{analysis.pk}/", **extra)
    assert response.status_code == 200
    return response.json()["meta"]["detail_url"]


def test_detail_url_takes_the_scheme_and_host_of_the_request(client, analysis, settings):
    settings.ALLOWED_HOSTS = ["api.example.org", "cms.example.net"]
    assert detail_url(client, analysis, HTTP_HOST="api.example.org") == (
        f"http://api.example.org/api/v3/pages/{analysis.pk}/"
    )
    assert detail_url(client, analysis, HTTP_HOST="cms.example.net", secure=True) == (
        f"https://cms.example.net/api/v3/pages/{analysis.pk}/"
    )
    listed = client.get("/api/v3/pages/", {"type": "countries.AnalysisPage"}, HTTP_HOST="cms.example.net").json()
    assert listed["items"][0]["meta"]["detail_url"].startswith("http://cms.example.net/api/v3/pages/")


def test_a_host_outside_allowed_hosts_gets_no_urls_but_a_400_problem(client, analysis, settings):
    settings.ALLOWED_HOSTS = ["api.example.org"]
    response = client.get(f"/api/v3/pages/{analysis.pk}/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert b"evil.example.com" not in response.content


def test_the_configured_base_url_wins_over_the_request(client, analysis, settings):
    settings.WAGTAILAPI_BASE_URL = "https://public.example.net"
    assert detail_url(client, analysis, HTTP_HOST="internal:8000") == (
        f"https://public.example.net/api/v3/pages/{analysis.pk}/"
    )


def test_outside_a_request_the_base_url_is_the_admin_base_url(settings):
    from django.conf import settings as live_settings

    assert str(live_settings.WAGTAILAPI_BASE_URL) == live_settings.WAGTAILADMIN_BASE_URL
