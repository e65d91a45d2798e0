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

The cache must be shared by every process that serves requests (Redis), otherwise a bump in one
worker leaves the others stale; ``CONTENT_CACHE_ENABLED`` is therefore on by default only when
``REDIS_URL`` is set (and in the single-process test settings).
"""

import uuid

from django.conf import settings
from django.core.cache import caches

GENERATION_KEY = "content:generation"

# The generation this process saw last: only a guess that saves a round trip, always checked against
# the shared value (see lookup()).
_seen = {}


def enabled():
    return settings.CONTENT_CACHE_ENABLED


def cache():
    return caches["default"]


def timeout():
    return settings.CONTENT_CACHE_TIMEOUT


def current_generation():
    generation = cache().get(GENERATION_KEY)
    if generation is None:
        # First use or evicted: any new value is safe, because entries keyed by an unknown
        # generation are simply never found.
        cache().add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache().get(GENERATION_KEY)
    _seen["generation"] = generation
    return generation


def bump_generation():
    cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def lookup(key_for):
    """``(generation, value stored at key_for(generation))`` for the current generation.

    One round trip (the generation and the entry fetched together) while the generation is the one
    this process saw last, which is almost always; a second one after a change.
    """
    guess = _seen.get("generation")
    if guess is not None:
        key = key_for(guess)
        found = cache().get_many([GENERATION_KEY, key])
        if found.get(GENERATION_KEY) == guess:
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
