"""/healthz for load balancers: dependencies checked, nothing personal, never cached."""

import pytest
from django.db.utils import OperationalError

from serving import views

pytestmark = pytest.mark.django_db


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_database_down_is_503(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(views, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "fail", "cache": "ok"}}
    assert b"refused" not in response.content


def test_cache_down_is_503(client, monkeypatch):
    class BrokenCache:
        def set(self, *args, **kwargs):
            raise ConnectionError("redis down")

    monkeypatch.setattr(views, "cache", BrokenCache())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "fail"}


def test_cache_that_swallows_errors_is_still_reported(client, monkeypatch):
    # django-redis with IGNORE_EXCEPTIONS answers None instead of raising.
    class SilentCache:
        def set(self, *args, **kwargs):
            return None

        def get(self, *args, **kwargs):
            return None

    monkeypatch.setattr(views, "cache", SilentCache())
    assert client.get("/healthz").status_code == 503


def test_bench_ceiling_does_not_exist_outside_benchmarks(client):
    assert client.get("/bench/ceiling/").status_code == 404
