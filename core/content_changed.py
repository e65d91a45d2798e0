"""The one place that listens to Wagtail's page signals: each change readers can see becomes one signal.

``content_changed`` is sent with ``change``, a ``ContentChange``. Caches, the CDN purge, the search
vocabulary, the search index's copied keys and webhooks subscribe to it; nothing else in the project
connects to ``page_published``, ``page_unpublished``, ``post_page_move`` or a page's ``post_delete``
(tests/core/test_content_changed.py checks the source for that).

Kinds of change:
- ``published``, ``unpublished``: a page's live version changed or went (Wagtail's signals);
- ``moved``: a page moved or was reordered (``address_changed`` tells the two apart);
- ``deleted``: a page was deleted (once per page, whatever its type);
- ``restricted``: a view restriction was added, changed or removed (``page`` is the restricted page);
- ``edited``: another object whose content shows on public pages was saved or deleted (a site, image,
  document, redirect, topic, or a model a domain app registers with ``track()``: experts, settings).
"""

from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

PUBLISHED = "published"
UNPUBLISHED = "unpublished"
MOVED = "moved"
DELETED = "deleted"
RESTRICTED = "restricted"
EDITED = "edited"

content_changed = Signal()

# Wagtail's and taggit's models whose edits show on public pages (menus, bylines, images, topics).
WAGTAIL_CONTENT_MODELS = (
    "wagtailcore.Site",
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "wagtailredirects.Redirect",
    "taggit.Tag",
)


@dataclass(frozen=True)
class ContentChange:
    kind: str
    instance: object
    page: object = None  # the page concerned; None for an edit that is not about one page
    url_path_before: str | None = None
    url_path_after: str | None = None

    @property
    def address_changed(self):
        return self.kind == MOVED and self.url_path_before != self.url_path_after


def send(kind, instance, page=None, **details):
    content_changed.send(sender=type(instance), change=ContentChange(kind, instance, page, **details))


def _published(sender, instance, **kwargs):
    send(PUBLISHED, instance, instance)


def _unpublished(sender, instance, **kwargs):
    send(UNPUBLISHED, instance, instance)


def _moved(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    send(MOVED, instance, instance, url_path_before=url_path_before, url_path_after=url_path_after)


def _page_deleted(sender, instance, **kwargs):
    send(DELETED, instance, instance)


def _restriction_changed(sender, instance, **kwargs):
    send(RESTRICTED, instance, instance.page)


def _edited(sender, instance, **kwargs):
    send(EDITED, instance)


def track(model):
    """Send ``edited`` whenever an object of ``model`` (a class or "app_label.Model") is saved or deleted."""
    from django.apps import apps

    if isinstance(model, str):
        model = apps.get_model(model)
    post_save.connect(_edited, sender=model, dispatch_uid=f"content-changed-save-{model._meta.label}")
    post_delete.connect(_edited, sender=model, dispatch_uid=f"content-changed-delete-{model._meta.label}")


def connect():
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(_published, dispatch_uid="content-changed-published")
    page_unpublished.connect(_unpublished, dispatch_uid="content-changed-unpublished")
    post_page_move.connect(_moved, dispatch_uid="content-changed-moved")
    # Deleting a page deletes its base Page row (and each descendant's) once: one change per page.
    post_delete.connect(_page_deleted, sender=Page, dispatch_uid="content-changed-deleted")
    for signal in (post_save, post_delete):
        signal.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid=f"content-changed-{id(signal)}")
    for label in WAGTAIL_CONTENT_MODELS:
        track(label)
