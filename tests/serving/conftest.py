import pytest
from django.core.cache import cache

from core import content_cache


@pytest.fixture(params=["cache", "database"])
def content_cache_on(request, settings):
    """Production behaviour: content generation, cached fragments and the page cache, from empty; with
    the generation in the shared cache (Redis) and in the database (the embedded default)."""
    settings.CONTENT_CACHE_ENABLED = True
    settings.PAGE_CACHE_ENABLED = True
    settings.CONTENT_GENERATION_STORE = request.param
    cache.clear()
    content_cache._kept.clear()
    yield request.param
    cache.clear()
    content_cache._kept.clear()


@pytest.fixture
def page_cache_off(settings, content_cache_on):
    """Every response rendered (fragments still cached): what the page cache must be equal to."""
    settings.PAGE_CACHE_ENABLED = False
    return content_cache_on


def bump_as_another_process(store):
    """What another worker's publication changes here: the shared generation only (this process's
    memory, its local cache and its kept objects, stay as they are)."""
    from django.db.models import F

    from core.models import ContentGeneration

    if store == "database":
        ContentGeneration.objects.filter(pk=1).update(value=F("value") + 1)
    else:
        cache.set(content_cache.GENERATION_KEY, "set-by-another-process", timeout=None)
