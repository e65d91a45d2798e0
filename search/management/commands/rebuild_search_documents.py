"""Write every search document again from the pages (after migration 0004, or a bulk import)."""

from django.core.management.base import BaseCommand

from search.documents import rebuild


class Command(BaseCommand):
    help = "Rebuild the search documents of all live, public analyses."

    def handle(self, *args, **options):
        self.stdout.write(f"{rebuild()} search documents written.")
