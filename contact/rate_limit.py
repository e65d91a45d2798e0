"""How many form posts one client may make per window, counted where every process can see the count.

Every POST to a form counts, valid or not, per client (a keyed hash of the address from
core.client_address) and fixed window. The count lives in Redis when FORM_RATE_LIMIT_STORE is "cache"
and in the database otherwise; while Redis is unreachable the database counts instead, so an outage
never turns the form into a 500 nor switches the limit off.
"""

import logging
import time
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from core.client_address import client_pseudonym

logger = logging.getLogger(__name__)


def count_in_cache(key, window):
    """The attempt count after this one, or None when the cache cannot count (Redis down)."""
    from django.core.cache import cache

    try:
        if cache.add(key, 1, timeout=window):  # the first attempt in this window
            return 1
        try:
            attempts = cache.incr(key)  # None when django-redis ignores a connection error
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            attempts = 1
    except Exception:  # noqa: BLE001 - whatever the cache backend raises when its server is gone
        attempts = None
    if attempts is None:
        logger.warning("Form rate limit: the cache is unreachable, counting in the database")
    return attempts


def count_in_database(key, expires_at):
    """The attempt count after this one, incremented atomically in one row per client and window."""
    from .models import AttemptCount  # contact.models imports this module (through guards)

    with transaction.atomic():
        # The UPDATE locks the row until commit, so the count read below is this attempt's own.
        if not AttemptCount.objects.filter(key=key).update(attempts=F("attempts") + 1):
            try:
                with transaction.atomic():
                    AttemptCount.objects.create(key=key, attempts=1, expires_at=expires_at)
            except IntegrityError:  # another process created it first
                AttemptCount.objects.filter(key=key).update(attempts=F("attempts") + 1)
            else:
                # Once per client and window: forget the windows that are over.
                AttemptCount.objects.filter(expires_at__lte=datetime.now(tz=UTC)).delete()
        return AttemptCount.objects.values_list("attempts", flat=True).get(key=key)


def rate_limit_retry_after(request):
    """Count this attempt; return the seconds to wait if the client is over the limit, else None."""
    limit = settings.FORM_RATE_LIMIT_ATTEMPTS
    window = settings.FORM_RATE_LIMIT_WINDOW
    now = int(time.time())
    window_start = now - now % window
    client = client_pseudonym(request)
    key = f"contact:attempts:{client}:{window_start}"
    attempts = count_in_cache(key, window) if settings.FORM_RATE_LIMIT_STORE == "cache" else None
    if attempts is None:
        attempts = count_in_database(key, datetime.fromtimestamp(window_start + window, tz=UTC))
    if attempts > limit:
        logger.warning("Form rate limit reached", extra={"client_pseudonym": client})
        return max(window_start + window - now, 1)
    return None
