"""Archiving the sources of a version: each URL its bibliography lists, fetched once, kept for good.

``prepare`` records a pending snapshot for every such source (in the publication's transaction, so the
version's PDF knows to wait for them); ``archive_version`` fetches the pending ones. Each snapshot is
claimed before it is fetched, so a task that runs twice (a retry from the queue, two workers) fetches
nothing twice, and a claim left by a worker that died is taken over after ``CLAIM_EXPIRES``.

What is kept is written to storage only once the whole response has been read and both files are made;
a failure at any step keeps nothing but the reason, shown to editors (``archive.reports``).
"""

import datetime
import logging

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from core.content_changed import EDITED, send

from . import citing, readable
from .fetch import FetchFailed, Limits, Pacer, fetch
from .models import Snapshot
from .warc import write_warc

logger = logging.getLogger(__name__)

CLAIM_EXPIRES = datetime.timedelta(minutes=15)
SOFTWARE = "country-analyses-cms archive (warcio)"


def prepare(version):
    """A pending snapshot for each source with a URL that ``version`` lists and has none yet."""
    have = set(version.snapshots.values_list("source_id", flat=True))
    missing = [
        Snapshot(version=version, source=source, url=source.url)
        for source in citing.bibliography(version)
        if source.pk not in have
    ]
    Snapshot.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def archive_version(version, *, retry_failed=False):
    """Fetch the version's pending snapshots (and failed ones with ``retry_failed``); {state: count}."""
    prepare(version)
    states = [Snapshot.State.PENDING, *([Snapshot.State.FAILED] if retry_failed else [])]
    # A version often cites one site many times: its pages are fetched a little apart, not in a burst.
    pacer = Pacer(rate=0, host_interval=settings.ARCHIVE_HOST_INTERVAL)
    archived = 0
    for snapshot in version.snapshots.filter(state__in=states).select_related("version"):
        if not claim(snapshot, states):
            continue
        try:
            archived += archive_snapshot(snapshot, pacer)
        except Exception:  # a bug or a storage failure: recorded, and the other sources still archived
            logger.exception("Snapshot %s of %s failed", snapshot.pk, snapshot.url)
            fail(snapshot, "The copy could not be stored; the error is in the server log.")
    if archived:
        # The bibliography now links the copies: cached pages of the analysis and its versions go.
        send(EDITED, version, version.page)
    counts = dict.fromkeys(Snapshot.State.values, 0)
    for state in version.snapshots.values_list("state", flat=True):
        counts[state] += 1
    return counts


def claim(snapshot, states):
    now = timezone.now()
    unclaimed = Q(started_at__isnull=True) | Q(started_at__lt=now - CLAIM_EXPIRES)
    taken = Snapshot.objects.filter(unclaimed, pk=snapshot.pk, state__in=states).update(started_at=now)
    return taken == 1


def fail(snapshot, problem, exchange=None):
    Snapshot.objects.filter(pk=snapshot.pk).update(
        state=Snapshot.State.FAILED,
        problem=problem[:2000],
        fetched_at=timezone.now(),
        status_code=exchange.status if exchange else None,
        final_url=exchange.url[:2000] if exchange else "",
        content_type=exchange.content_type[:200] if exchange else "",
        started_at=None,
    )


def archive_snapshot(snapshot, pacer=None):
    """Fetch and store one snapshot; 1 if it was archived, 0 if it failed (recorded)."""
    limits = Limits.from_settings()
    try:
        fetched = fetch(snapshot.url, limits=limits, before_request=pacer.wait if pacer else None)
    except FetchFailed as e:
        fail(snapshot, str(e))
        return 0
    try:
        final = fetched.final
        if not 200 <= final.status < 300:
            fail(snapshot, f"The address answered HTTP {final.status} {final.reason}".strip() + ".", final)
            return 0
        copy = readable_copy(snapshot, fetched, limits)
        store(snapshot, fetched, copy)
        return 1
    finally:
        fetched.close()


def readable_copy(snapshot, fetched, limits):
    """(bytes, media type, content hash) of the readable copy; (None, "", hash) if there is none."""
    final = fetched.final
    found = readable.analyse(final.read_body(), final.content_type, final.header("Content-Encoding"), limits.max_bytes)
    if found.why_unreadable:
        logger.info("No readable copy of %s: %s", snapshot.url, found.why_unreadable)
    if found.kind == "pdf":
        return found.data, readable.PDF_TYPE, found.content_hash
    if found.extract is None:
        return None, "", found.content_hash
    page = render_to_string(
        "archive/readable_snapshot.html",
        {
            "snapshot": snapshot,
            "final": final,
            "extract": found.extract,
            "fetched_at": fetched.exchanges[0].started_at,
        },
    )
    return page.encode(), "text/html", found.content_hash


def store(snapshot, fetched, copy):
    data, media, content_hash = copy
    final = fetched.final
    base = f"archive/{snapshot.version_id}/{snapshot.pk}"
    warc = write_warc(
        fetched,
        filename=f"{snapshot.pk}.warc.gz",
        software=SOFTWARE,
        note=f"{snapshot.url} as cited by version {snapshot.version} (snapshot {snapshot.pk})",
    )
    saved = []
    try:
        saved.append(default_storage.save(f"{base}.warc.gz", File(warc)))
        if data is not None:
            extension = "pdf" if media == readable.PDF_TYPE else "html"
            saved.append(default_storage.save(f"{base}.{extension}", ContentFile(data)))
        Snapshot.objects.filter(pk=snapshot.pk).update(
            state=Snapshot.State.ARCHIVED,
            fetched_at=fetched.exchanges[0].started_at,
            final_url=final.url[:2000],
            status_code=final.status,
            content_type=final.content_type[:200],
            size=final.size,
            sha256=final.sha256,
            content_hash=content_hash,
            warc=saved[0],
            readable=saved[1] if len(saved) > 1 else "",
            readable_type=media,
            problem="",
            started_at=None,
        )
    except BaseException:
        for name in saved:  # nothing half-kept: the row never names a file that is not complete
            default_storage.delete(name)
        raise
    finally:
        warc.close()
