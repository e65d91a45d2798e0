"""Check every URL cited by a live analysis (archive.monitor); run daily by the scheduler.

The check is a task: on the queued backend this command only enqueues it, so the scheduler's loop is
not held for the hours a polite check of many sites can take, and the worker does it. On the
immediate backend (development) it runs here and the counts are printed.
"""

from django.core.management.base import BaseCommand

from archive.tasks import check_cited_links


class Command(BaseCommand):
    help = "Check every URL a live analysis cites and record whether it is ok, moved, broken or changed."

    def handle(self, *args, **options):
        result = check_cited_links.enqueue()
        if result.is_finished and result.return_value is not None:
            counts = result.return_value
            summary = ", ".join(f"{counts[outcome]} {outcome}" for outcome in sorted(counts)) or "no cited URL"
            self.stdout.write(f"Checked: {summary}.")
        else:
            self.stdout.write(f"Link check queued ({result.id}).")
