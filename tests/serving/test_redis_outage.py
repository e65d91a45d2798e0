"""Redis unreachable: pages, the API, search and the form keep working (slower), the form's limit still holds.

The cache is django-redis pointed at a port where nothing listens, configured as production
configures it (cms/settings/base.py), with the content and page caches on as they are with Redis.
"""

import socket

import pytest
from wagtail.contrib.forms.models import FormSubmission

from contact.models import AttemptCount, ConsultationFormPage
from countries.models import AnalysisPage, CountryPage
from tests.contact.conftest import valid_answers

pytestmark = pytest.mark.django_db


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends: nothing listens there


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    settings.CONTENT_CACHE_ENABLED = True
    settings.PAGE_CACHE_ENABLED = True
    settings.FORM_RATE_LIMIT_STORE = "cache"


def test_the_settings_ignore_redis_errors_as_this_test_assumes():
    from django.conf import settings

    source = (settings.BASE_DIR / "cms" / "settings" / "base.py").read_text()
    assert '"OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}' in source


def test_pages_api_and_search_are_served(client, redis_down):
    analysis = AnalysisPage.objects.live().first()
    country = CountryPage.objects.live().first()
    for url in [
        "/",
        country.url,
        analysis.url,
        "/search/?q=elections",
        "/api/v3/pages/",
        f"/api/v3/pages/{analysis.pk}/",
        "/api/v3/search/?q=elections",
        "/sitemap.xml",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    # Served twice: nothing was cached, nothing broke.
    assert client.get(analysis.url).status_code == 200


def test_health_names_the_cache_and_readiness_stays_up(client, redis_down):
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["checks"]["cache"] == "fail"
    assert client.get("/readyz").status_code == 200


def test_the_form_is_shown_and_submissions_are_stored(
    client, redis_down, mailoutbox, django_capture_on_commit_callbacks
):
    page = ConsultationFormPage.objects.live().get()
    assert client.get(page.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, valid_answers(page))
    assert response.status_code == 200
    assert FormSubmission.objects.count() == 1
    assert len(mailoutbox) >= 1


def test_the_form_limit_still_holds_counted_in_the_database(client, redis_down, settings):
    settings.FORM_RATE_LIMIT_ATTEMPTS = 3
    page = ConsultationFormPage.objects.live().get()
    statuses = [client.post(page.url, {"full_name": ""}).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert AttemptCount.objects.get().attempts == 5
    api = [
        client.post(f"/api/v3/forms/{page.pk}/submissions/", {}, content_type="application/json").status_code
        for _ in range(2)
    ]
    assert api == [429, 429]
