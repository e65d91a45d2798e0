"""The archive's tasks: a version's sources archived after its publication, and the daily link check.

Both run on the queued backend in production (the worker), as the PDF does; on the immediate one
(development) the archiving runs as the publication commits. Neither raises: what goes wrong is
recorded for editors and logged, and the publication stands.
"""

import logging

from django.conf import settings
from django.db import transaction
from django_tasks import task

from countries.models import AnalysisVersion
from countries.tasks import make_version_pdf

from . import archiver, monitor

logger = logging.getLogger(__name__)


@task()
def archive_version_sources(version_id: int, retry_failed: bool = False):
    version = AnalysisVersion.objects.select_related("page").filter(pk=version_id).first()
    if version is None:
        return None
    counts = None
    try:
        if not version.withdrawn:
            counts = archiver.archive_version(version, retry_failed=retry_failed)
    except Exception:
        logger.exception("Archiving the sources of version %s failed", version_id)
    finally:
        # The PDF cites the archived copies, so while archiving is on it is made here, once they are done
        # (countries.tasks.make_pdf_after_publication leaves it to this task).
        wanted = settings.VERSION_PDFS_AT_PUBLICATION and not version.withdrawn
        if wanted and AnalysisVersion.objects.filter(pk=version.pk, pdf="").exists():
            make_version_pdf.enqueue(version.pk)
    return counts


@task()
def check_cited_links():
    """Check every URL a live analysis cites (archive.monitor); {outcome: count}."""
    return monitor.check_all()


def archive_after_publication(sender, instance, created, raw=False, **kwargs):
    if not created or raw or not settings.ARCHIVE_SOURCES_AT_PUBLICATION:
        return
    try:
        # In the publication's transaction: from now on the version's PDF waits for these.
        with transaction.atomic():
            archiver.prepare(instance)
    except Exception:  # never a reason for a publication to fail; the task prepares them again
        logger.exception("Could not list the sources of version %s to archive", instance.pk)
    transaction.on_commit(lambda: archive_version_sources.enqueue(instance.pk), robust=True)
