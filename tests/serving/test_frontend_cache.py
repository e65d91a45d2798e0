"""CDN purge hooks: off unless a CDN is named; when on, a publish purges every URL that shows the page."""

import pytest

from serving.signals import frontend_cache_configured
from tests.factories import publish

from . import recording_purge_backend

pytestmark = pytest.mark.django_db


@pytest.fixture
def recording_cdn(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "default": {"BACKEND": "tests.serving.recording_purge_backend.RecordingBackend"},
    }
    recording_purge_backend.PURGED.clear()
    yield recording_purge_backend.PURGED
    recording_purge_backend.PURGED.clear()


def test_off_by_default():
    assert not frontend_cache_configured()


def test_publish_purges_page_ancestors_home_and_search(recording_cdn, analysis, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        analysis.title = "Updated"
        publish(analysis)
    purged = {url.split("://", 1)[1].split("/", 1)[1] for url in recording_cdn}
    country = analysis.get_parent()
    expected = {u.lstrip("/") for u in [analysis.url, country.url, country.get_parent().url, "/", "/search/"]}
    assert expected <= purged
    assert "api/v3/pages/" in purged


def test_unpublish_purges_too(recording_cdn, analysis, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        analysis.unpublish()
    assert any(url.endswith(analysis.url) for url in recording_cdn)


def test_cdn_failure_does_not_break_publishing(settings, analysis, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {"default": {"BACKEND": "tests.serving.test_frontend_cache.FailingBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        analysis.title = "Published despite the CDN"
        publish(analysis)
    analysis.refresh_from_db()
    assert analysis.title == "Published despite the CDN"


class FailingBackend(recording_purge_backend.RecordingBackend):
    def purge(self, url):
        raise ConnectionError("CDN down")


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({"FRONTEND_CACHE_URL": "http://127.0.0.1:6081"}, "wagtail.contrib.frontend_cache.backends.HTTPBackend"),
        (
            {"CLOUDFLARE_API_TOKEN": "token", "CLOUDFLARE_ZONE_ID": "zone"},
            "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        ),
        ({}, "None"),
    ],
    ids=["http-purger", "cloudflare", "none"],
)
def test_cdn_named_in_the_environment_turns_purging_on(tmp_path, env, backend):
    from .test_hardening import manage, production_env

    code = (
        "from django.conf import settings as s;"
        "c = getattr(s, 'WAGTAILFRONTENDCACHE', None);"
        "print(c['default']['BACKEND'] if c else None, 'wagtail.contrib.frontend_cache' in s.INSTALLED_APPS)"
    )
    result = manage(production_env(tmp_path, **env), "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == f"{backend} {backend != 'None'}"
