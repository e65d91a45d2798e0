"""Making the PDF of a version, once, after it is published (countries.pdf).

A task, because rendering takes a second or two and must not hold up the editor's publish; on the
queued backend the worker makes it, on the immediate one (development, `make run`) it is made as the
publication commits. A failure is recorded on the version, never raised into the publication.
"""

import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks import task

from . import pdf
from .models import AnalysisVersion

logger = logging.getLogger(__name__)

# What may hold a version's PDF back: functions of the version that return why it must wait, or "".
# A PDF is made once, so it waits for what it shows; the source archiver (a delivery app, which this
# app does not import) registers one while a version's sources are being archived, and makes the PDF
# itself when they are (VERSION_PDFS_AFTER_ARCHIVING).
PDF_PREREQUISITES = []


def pdf_must_wait(version):
    """Why ``version``'s PDF cannot be made yet ("" when it can)."""
    return next((reason for check in PDF_PREREQUISITES if (reason := check(version))), "")


@task()
def make_version_pdf(version_id: int, replace: bool = False):
    version = AnalysisVersion.objects.select_related("page").filter(pk=version_id).first()
    if version is None or (version.pdf and not replace):
        return
    if pdf_must_wait(version):
        return  # made by what it waits for, once that is done (its route says "being made" meanwhile)
    try:
        data = pdf.render_version_pdf(version)
    except pdf.PdfUnavailable as e:
        problem = str(e)
    except Exception as e:  # a bug or bad content: recorded for editors, the publication stands
        logger.exception("The PDF of version %s could not be made", version_id)
        problem = f"The PDF could not be made ({type(e).__name__}); the error is in the server log."
    else:
        name = default_storage.save(f"analysis-versions/{version.pdf_filename}", ContentFile(data))
        old = version.pdf.name if version.pdf else ""
        # update(), not save(): a PDF made is not a content change (no purge, webhook or reindex).
        AnalysisVersion.objects.filter(pk=version.pk).update(pdf=name, pdf_made_at=timezone.now(), pdf_problem="")
        if old and old != name:
            default_storage.delete(old)
        return
    AnalysisVersion.objects.filter(pk=version.pk).update(pdf_problem=problem)


def make_pdf_after_publication(sender, instance, created, raw=False, **kwargs):
    from django.conf import settings
    from django.db import transaction

    # With archiving on, the archiver makes the PDF once the cited sources' copies exist.
    if created and not raw and settings.VERSION_PDFS_AT_PUBLICATION and not settings.VERSION_PDFS_AFTER_ARCHIVING:
        transaction.on_commit(lambda: make_version_pdf.enqueue(instance.pk))
