"""What the archive listens to (a version published or withdrawn, a copy deleted), and what it tells
the version PDF (countries.tasks.PDF_PREREQUISITES)."""

import datetime
import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone

from core.content_changed import EDITED, content_changed
from countries.models import AnalysisVersion

from .models import Snapshot

logger = logging.getLogger(__name__)


def sources_being_archived(version):
    """Why ``version``'s PDF must wait ("" if it need not): it cites archived copies still being made.

    Not for ever: past ``ARCHIVE_PDF_MAX_WAIT`` after publication the PDF is made without the copies a
    stuck archiver has not made.
    """
    waited = timezone.now() - version.published_at
    if waited > datetime.timedelta(seconds=settings.ARCHIVE_PDF_MAX_WAIT):
        return ""
    if Snapshot.objects.filter(version_id=version.pk, state=Snapshot.State.PENDING).exists():
        return "Its sources are still being archived."
    return ""


def delete_files(sender, instance, **kwargs):
    # Copies go only with their version (its analysis deleted): their files must not stay behind. After
    # the commit, so a rolled-back deletion keeps them.
    names = [field.name for field in (instance.warc, instance.readable) if field]
    if names:
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names], robust=True)


def purge_withdrawn_copies(sender, change, **kwargs):
    """A withdrawn version's copies are no longer served: a CDN in front must not go on serving them.
    (The version's own addresses are purged by serving.signals; these are not under the page.)"""
    version = change.instance
    if change.kind != EDITED or not isinstance(version, AnalysisVersion) or not version.withdrawn:
        return
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    site = version.page.get_site()
    root = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    urls = [
        root + reverse(name, args=[pk])
        for pk in version.snapshots.filter(state=Snapshot.State.ARCHIVED).values_list("pk", flat=True)
        for name in ("archive_snapshot", "archive_snapshot_warc")
    ]
    if urls:
        transaction.on_commit(lambda: purge_copies(urls), robust=True)


def purge_copies(urls):
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    try:
        purge_urls_from_cache(urls)
    except Exception:  # a CDN outage must not undo a withdrawal
        logger.exception("Could not purge the withdrawn version's archived copies from the CDN")


def connect():
    from countries.tasks import PDF_PREREQUISITES

    from .tasks import archive_after_publication

    post_save.connect(archive_after_publication, sender=AnalysisVersion, dispatch_uid="archive_version_sources")
    post_delete.connect(delete_files, sender=Snapshot, dispatch_uid="archive_snapshot_files")
    content_changed.connect(purge_withdrawn_copies, dispatch_uid="archive_withdrawn_copies")
    if sources_being_archived not in PDF_PREREQUISITES:
        PDF_PREREQUISITES.append(sources_being_archived)
