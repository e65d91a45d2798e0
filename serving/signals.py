"""Purge cached content when what anonymous readers see changes (core.content_changed).

The server-side caches are purged by bumping the content generation (see content_cache.py). A CDN in
front (``wagtail.contrib.frontend_cache``, configured only when one is named in settings) cannot be
purged by a generation, so it is sent the page's own URL (Wagtail's app does that on publish and
unpublish), its ancestors' URLs (the listing pages that show it), the home page and the search/listing
endpoints (see ``FRONTEND_CACHE_EXTRA_PURGE_PATHS``).
"""

import logging

from django.conf import settings
from django.db import transaction
from wagtail.models import Site

from core import content_cache
from core.content_changed import EDITED, MOVED, PUBLISHED, UNPUBLISHED, content_changed

logger = logging.getLogger(__name__)


def frontend_cache_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_frontend_cache(page):
    """Send the CDN every URL whose content shows ``page``: itself, its ancestors and the search paths."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_pages([page, *page.get_ancestors().filter(depth__gt=1).specific()])
    site = page.get_site() or Site.objects.filter(is_default_site=True).first()
    if site is not None:
        root = site.root_url.rstrip("/")
        batch.add_urls([root + path for path in settings.FRONTEND_CACHE_EXTRA_PURGE_PATHS])
    try:
        batch.purge()
    except Exception:
        # A CDN outage must never break publishing; the server-side cache is already purged.
        logger.exception("Front-end cache purge failed")


def bump_generation():
    # Now, so this process never serves the old content again, and once more after commit: a reader
    # arriving between the first bump and the commit may have cached the old content again.
    content_cache.bump_generation()
    transaction.on_commit(content_cache.bump_generation)


# Changes after which the CDN is sent the page's URLs; any change bumps the server-side generation.
PURGED_KINDS = {PUBLISHED, UNPUBLISHED, MOVED}


def purge(sender, change, **kwargs):
    bump_generation()
    # An edit that names its page (a version withdrawn) purges that page's addresses too.
    about_a_page = change.kind == EDITED and change.page is not None
    if (change.kind in PURGED_KINDS or about_a_page) and frontend_cache_configured():
        page = change.page
        transaction.on_commit(lambda: purge_frontend_cache(page))


def connect():
    content_changed.connect(purge, dispatch_uid="serving-purge")
