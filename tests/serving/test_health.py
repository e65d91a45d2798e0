"""/healthz reports dependencies, /readyz is for load balancers: nothing personal, never cached."""

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


class BrokenConnection:
    def cursor(self):
        raise OperationalError("connection refused")


class BrokenCache:
    def set(self, *args, **kwargs):
        raise ConnectionError("redis down")


class SilentCache:
    # django-redis with IGNORE_EXCEPTIONS answers None instead of raising.
    def set(self, *args, **kwargs):
        return None

    def get(self, *args, **kwargs):
        return None


def test_ready(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in response["Cache-Control"]


def test_database_down_is_unavailable_and_not_ready(client, monkeypatch):
    monkeypatch.setattr(views, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "unavailable", "checks": {"database": "fail", "cache": "ok"}}
    assert b"refused" not in response.content
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "fail", "cache": "ok"}}


@pytest.mark.parametrize("broken", [BrokenCache, SilentCache])
def test_cache_down_is_degraded_but_ready(client, monkeypatch, broken):
    monkeypatch.setattr(views, "cache", broken())
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "checks": {"database": "ok", "cache": "fail"}}
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["cache"] == "fail"


def test_bench_ceiling_does_not_exist_outside_benchmarks(client):
    assert client.get("/bench/ceiling/").status_code == 404
