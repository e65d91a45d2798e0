from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from contact.retention import purge_submissions


class Command(BaseCommand):
    help = "Delete form submissions older than N days (default: FORM_SUBMISSION_RETENTION_DAYS). Run it daily."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Keep submissions of the last N days (default {settings.FORM_SUBMISSION_RETENTION_DAYS}).",
        )

    def handle(self, *args, days=None, **options):
        days = settings.FORM_SUBMISSION_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        deleted = purge_submissions(days)
        self.stdout.write(f"Deleted {deleted} form submission{'s' if deleted != 1 else ''} older than {days} days.")
