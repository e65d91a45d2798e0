"""Webhook events from the project's content-changed signal (core.content_changed)."""

import logging

from django.db import transaction

from core.content_changed import DELETED, MOVED, PUBLISHED, UNPUBLISHED, content_changed

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


def event_for(change):
    """The webhook event a change is, or None (not every change is news to a front end)."""
    if change.kind == PUBLISHED:
        return Event.PUBLISHED
    if change.kind == UNPUBLISHED:
        return Event.UNPUBLISHED
    # Reordering siblings is a move too; only a live page's new address is news.
    if change.kind == MOVED and change.page.live and change.address_changed:
        return Event.MOVED
    # Only pages that were ever published concern front ends. (Deleting a live page first
    # unpublishes it - Wagtail's pre_delete handler - so "unpublished" comes first.)
    if change.kind == DELETED and change.page.first_published_at is not None:
        return Event.DELETED
    return None


def on_content_changed(sender, change, **kwargs):
    event = event_for(change)
    if event is not None:
        _emit(event, change.page)


def connect():
    content_changed.connect(on_content_changed, dispatch_uid="webhooks-content-changed")
