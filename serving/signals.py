"""Purge cached content when what anonymous readers see changes.

The server-side caches are purged by bumping the content generation (see content_cache.py). A CDN in
front (``wagtail.contrib.frontend_cache``, configured only when one is named in settings) cannot be
purged by a generation, so it is sent the page's own URL (Wagtail's app does that on publish and
unpublish), its ancestors' URLs (the listing pages that show it), the home page and the search/listing
endpoints (see ``FRONTEND_CACHE_EXTRA_PURGE_PATHS``).
"""

import logging

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from core import content_cache

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
        batch.add_urls([root + path for path in getattr(settings, "FRONTEND_CACHE_EXTRA_PURGE_PATHS", ())])
    try:
        batch.purge()
    except Exception:
        # A CDN outage must never break publishing; the server-side cache is already purged.
        logger.exception("Front-end cache purge failed")


def content_changed(**kwargs):
    # Now, so this process never serves the old content again, and once more after commit: a reader
    # arriving between the first bump and the commit may have cached the old content again.
    content_cache.bump_generation()
    transaction.on_commit(content_cache.bump_generation)


def page_changed(instance, **kwargs):
    content_changed()
    if frontend_cache_configured() and isinstance(instance, Page):
        transaction.on_commit(lambda: purge_frontend_cache(instance))


def page_deleted(instance, **kwargs):
    if isinstance(instance, Page):
        content_changed()


# Models other than pages whose edits show on public pages (menus, footers, bylines, images).
CONTENT_MODELS = [
    "countries.Expert",
    "home.ContactChannels",
    "wagtailcore.Site",
    "wagtailcore.PageViewRestriction",
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "wagtailredirects.Redirect",
]


def connect():
    page_published.connect(page_changed, dispatch_uid="serving-published")
    page_unpublished.connect(page_changed, dispatch_uid="serving-unpublished")
    post_page_move.connect(page_changed, dispatch_uid="serving-moved")
    post_delete.connect(page_deleted, dispatch_uid="serving-page-deleted")
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        post_save.connect(content_changed, sender=model, dispatch_uid=f"serving-save-{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"serving-delete-{label}")
