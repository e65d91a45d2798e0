"""What the archive listens to (a version published, a copy deleted), and what it tells the version
PDF (countries.tasks.PDF_PREREQUISITES)."""

import datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from countries.models import AnalysisVersion

from .models import Snapshot


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


def connect():
    from countries.tasks import PDF_PREREQUISITES

    from .tasks import archive_after_publication

    post_save.connect(archive_after_publication, sender=AnalysisVersion, dispatch_uid="archive_version_sources")
    post_delete.connect(delete_files, sender=Snapshot, dispatch_uid="archive_snapshot_files")
    if sources_being_archived not in PDF_PREREQUISITES:
        PDF_PREREQUISITES.append(sources_being_archived)
