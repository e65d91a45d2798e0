import logging

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .events import emit
from .models import Event

logger = logging.getLogger(__name__)


def _emit(event, page):
    try:
        # A savepoint, so a failure here cannot spoil the transaction the change is in.
        with transaction.atomic():
            emit(event, page)
    except Exception:
        # Webhooks are a side effect: whatever goes wrong, the editor's action stands.
        logger.exception("Could not record the %s webhook for page %s", event, page.pk)


def on_published(sender, instance, **kwargs):
    _emit(Event.PUBLISHED, instance)


def on_unpublished(sender, instance, **kwargs):
    _emit(Event.UNPUBLISHED, instance)


def on_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    # Reordering siblings also sends post_page_move; only a new address is news to a front end.
    if instance.live and url_path_before != url_path_after:
        _emit(Event.MOVED, instance)


def on_deleted(sender, instance, **kwargs):
    # Only pages that were ever published concern front ends. (Deleting a live page
    # first unpublishes it - Wagtail's pre_delete handler - so "unpublished" comes first.)
    if instance.first_published_at is not None:
        _emit(Event.DELETED, instance)


def connect():
    page_published.connect(on_published, dispatch_uid="webhooks.published")
    page_unpublished.connect(on_unpublished, dispatch_uid="webhooks.unpublished")
    post_page_move.connect(on_moved, dispatch_uid="webhooks.moved")
    # Deleting a page deletes its base Page row (and its descendants' rows) once each.
    post_delete.connect(on_deleted, sender=Page, dispatch_uid="webhooks.deleted")
