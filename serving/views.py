import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

HEALTH_KEY = "healthz:probe"


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: database unreachable")
        return False


def _cache_ok():
    try:
        cache.set(HEALTH_KEY, "ok", 10)
        return cache.get(HEALTH_KEY) == "ok"
    except Exception:
        logger.exception("Health check: cache unreachable")
        return False


def _checks():
    return {"database": _database_ok(), "cache": _cache_ok()}


def _report(checks):
    return {name: "ok" if ok else "fail" for name, ok in checks.items()}


@never_cache
def healthz(request):
    """What this server's dependencies are doing: always 200 while the process answers.

    ``degraded`` names a dependency the site lives without (the cache: pages are rendered every time,
    the form's rate limit counts in the database); ``unavailable`` means the database is down. A load
    balancer should use ``/readyz``, which fails only for what the site cannot serve without.
    """
    checks = _checks()
    if all(checks.values()):
        status = "ok"
    elif checks["database"]:
        status = "degraded"
    else:
        status = "unavailable"
    return JsonResponse({"status": status, "checks": _report(checks)})


@never_cache
def readyz(request):
    """For load balancers: 200 when this server can serve requests (its database answers), else 503.

    A cache outage does not take the server out of rotation: every server shares the same Redis, so
    failing readiness for it would take the whole site down for a dependency it can live without.
    """
    checks = _checks()
    ready = checks["database"]
    body = {"status": "ready" if ready else "unavailable", "checks": _report(checks)}
    return JsonResponse(body, status=200 if ready else 503)


def bench_ceiling(request):
    """A constant response: the machine's ceiling for the load benchmark. Exists only when BENCH is on."""
    if not settings.BENCH:
        raise Http404
    return HttpResponse(b"ok", content_type="text/plain")
