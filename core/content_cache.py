"""A shared "content generation" that every cached rendering of published content is keyed by.

Anything that changes what anonymous readers see (a page published, unpublished, moved or deleted; an
expert, image or site setting edited) bumps the generation, and every page-cache entry and cached
fragment written under the old generation is never read again (they age out through their timeout or
the cache's eviction). Why one generation for the whole site rather than per-URL deletes:

- every page renders the region → country menu and the footer's contact channels, so publishing a
  country or editing a setting changes every page anyway;
- search results and API listings for arbitrary query strings cannot be enumerated for deletion;
- one key write is atomic and works across any number of app servers sharing Redis;
- publishing happens a few times a day, reading thousands of times a second: re-rendering each page
  once after a publish costs nothing that matters.

Where the generation lives (``CONTENT_GENERATION_STORE``):

- ``"cache"``, with Redis: the generation and the entries are in the one cache every worker shares.
- ``"database"``, the embedded default without Redis: entries are kept in each worker's own memory,
  and the generation in one database row (``core.models.ContentGeneration``) that each request reads
  once (``RequestGenerationMiddleware``; one primary-key read) and a change bumps inside its own
  transaction. So a worker never serves what another worker's change replaced: the bound on
  staleness is zero, across processes, with no shared cache.
"""

import contextvars
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import F

GENERATION_KEY = "content:generation"

# The generation this process saw last: only a guess that saves a round trip, always checked against
# the shared value (see lookup()).
_seen = {}

# The generation of the request being served, read once: at its start where the database holds it,
# at first use (the page cache's lookup or the Site lookup, both before any content is read) with a
# shared cache. So one request sees one generation throughout, and what it reads of the content is never
# older than the generation it stores it under.
_request_scope = contextvars.ContextVar("content_generation_scope", default=None)


def enabled():
    return settings.CONTENT_CACHE_ENABLED


def in_database():
    return settings.CONTENT_GENERATION_STORE == "database"


def _database_generation():
    from .models import ContentGeneration

    # One primary-key read on every request: plain SQL through Django's cursor, because the ORM's
    # query building would cost more than the read (a third of a page-cache hit).
    table = connection.ops.quote_name(ContentGeneration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE id = 1")  # noqa: S608 (a model's own table name)
        row = cursor.fetchone()
    if row is None:
        ContentGeneration.objects.get_or_create(pk=1)
        return "db1"
    return f"db{row[0]}"


class RequestGenerationMiddleware:
    """Gives each request its one content generation (read at its start where the database holds it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled():
            return self.get_response(request)
        scope = {}
        token = _request_scope.set(scope)
        try:
            if in_database():
                scope["generation"] = _database_generation()
            return self.get_response(request)
        finally:
            _request_scope.reset(token)


def cache():
    return caches["default"]


def timeout():
    return settings.CONTENT_CACHE_TIMEOUT


def _shared_generation():
    generation = cache().get(GENERATION_KEY)
    if generation is None:
        # First use or evicted: any new value is safe, because entries keyed by an unknown
        # generation are simply never found.
        cache().add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache().get(GENERATION_KEY)
    _seen["generation"] = generation
    return generation


def current_generation():
    scope = _request_scope.get()
    if scope is not None and "generation" in scope:
        return scope["generation"]
    generation = _database_generation() if in_database() else _shared_generation()
    if scope is not None:
        scope["generation"] = generation
    return generation


def bump_generation():
    if in_database():
        from .models import ContentGeneration

        if not ContentGeneration.objects.filter(pk=1).update(value=F("value") + 1):
            ContentGeneration.objects.get_or_create(pk=1, defaults={"value": 2})
    else:
        cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    scope = _request_scope.get()
    if scope is not None:
        scope.pop("generation", None)  # the request that changed the content reads the new one


def lookup(key_for):
    """``(generation, value stored at key_for(generation))`` for the current generation.

    One round trip once the request knows its generation; with a shared cache, the first lookup of a
    request fetches the generation and the entry together while the generation is the one this
    process saw last (almost always), and a second one after a change.
    """
    scope = _request_scope.get()
    if not in_database() and not (scope and "generation" in scope):
        guess = _seen.get("generation")
        if guess is not None:
            key = key_for(guess)
            found = cache().get_many([GENERATION_KEY, key])
            if found.get(GENERATION_KEY) == guess:
                if scope is not None:
                    scope["generation"] = guess
                return guess, found.get(key)
    generation = current_generation()
    return generation, cache().get(key_for(generation))


def cached(name, compute):
    """``compute()``, remembered until the next content change; computed each time when disabled."""
    if not enabled():
        return compute()

    def key_for(generation):
        return f"content:{generation}:{name}"

    generation, value = lookup(key_for)
    if value is None:
        value = compute()
        cache().set(key_for(generation), value, timeout())
    return value


# Objects kept in this process's memory, unpickled, for the generation they were made in.
_kept = {}


def kept(name, compute):
    """Like ``cached()``, for read-only objects every request shares (the Site and its root page, routed
    pages, API field values): kept in this process's memory rather than pickled through the cache, so
    reading one costs nothing once the request knows its generation. Never stale, for the same reason
    as the cache: an object is used only in the generation it was made in. Callers must not change what
    they get."""
    if not enabled():
        return compute()
    generation = current_generation()
    found = _kept.get(name)
    if found is not None and found[0] == generation:
        return found[1]
    value = compute()
    if len(_kept) > 1000:  # bounded: names are per host, and hosts are ALLOWED_HOSTS only
        _kept.clear()
    _kept[name] = (generation, value)
    return value
