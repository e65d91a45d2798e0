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


@never_cache
def healthz(request):
    """For load balancers: 200 when the database and the cache answer, 503 otherwise. No personal data."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {k: "ok" if v else "fail" for k, v in checks.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)


def bench_ceiling(request):
    """A constant response: the machine's ceiling for the load benchmark. Exists only when BENCH is on."""
    if not getattr(settings, "BENCH", False):
        raise Http404
    return HttpResponse(b"ok", content_type="text/plain")
