"""Archive the sources of the current versions of live analyses that have no copies yet (after an
upgrade, or with archiving at publication off), or try failed copies again (--retry-failed).

Publication archives each new version's sources by itself; this catches up, in this process rather
than through the task queue, and says what could not be archived. A copy made now is dated now: it
is what the source says today, not what it said when the version was published.
"""

from django.core.management.base import BaseCommand

from archive.citing import live_citations
from archive.models import Snapshot
from archive.tasks import archive_version_sources


class Command(BaseCommand):
    help = "Archive the cited sources of live analyses' current versions that have no archived copy."

    def add_arguments(self, parser):
        parser.add_argument("--retry-failed", action="store_true", help="Try the copies that failed again.")

    def handle(self, *args, retry_failed=False, **options):
        archived = failed = 0
        for analysis, version, _sources in live_citations():
            archive_version_sources.call(version.pk, retry_failed=retry_failed)
            for snapshot in Snapshot.objects.filter(version=version).select_related("source"):
                if snapshot.state == Snapshot.State.FAILED:
                    failed += 1
                    self.stderr.write(f"{analysis.title}: {snapshot.url}: {snapshot.problem}")
                elif snapshot.state == Snapshot.State.ARCHIVED:
                    archived += 1
        self.stdout.write(f"{archived} source(s) archived, {failed} could not be.")
