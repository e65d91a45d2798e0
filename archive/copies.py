"""The archived copy of each source a version lists, for its bibliography (web, PDF, API)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from .models import Snapshot


@dataclass(frozen=True)
class ArchivedCopy:
    snapshot_id: int
    url: str  # the readable copy's path on this site
    warc_url: str
    fetched_at: object
    original_url: str  # the URL as it was cited when the copy was made

    @property
    def date(self):
        return timezone.localdate(self.fetched_at)


def for_version(version):
    """{source id: ArchivedCopy} of ``version``'s archived sources (one query)."""
    if not version or not getattr(version, "pk", None):
        return {}
    snapshots = Snapshot.objects.filter(version_id=version.pk, state=Snapshot.State.ARCHIVED, source__isnull=False)
    return {
        snapshot.source_id: ArchivedCopy(
            snapshot_id=snapshot.pk,
            url=reverse("archive_snapshot", args=[snapshot.pk]),
            warc_url=reverse("archive_snapshot_warc", args=[snapshot.pk]),
            fetched_at=snapshot.fetched_at,
            original_url=snapshot.url,
        )
        for snapshot in snapshots.only("pk", "source_id", "fetched_at", "url")
    }
