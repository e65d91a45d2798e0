import pytest
from django.core.cache import cache


@pytest.fixture
def content_cache_on(settings):
    """Production behaviour: content generation, cached fragments and the page cache, from empty."""
    settings.CONTENT_CACHE_ENABLED = True
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page_cache_off(settings, content_cache_on):
    """Every response rendered (fragments still cached): what the page cache must be equal to."""
    settings.PAGE_CACHE_ENABLED = False
