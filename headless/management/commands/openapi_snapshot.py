from django.core.management.base import BaseCommand, CommandError

from headless.openapi import SNAPSHOT, openapi_document, render


class Command(BaseCommand):
    help = "Write the API's OpenAPI document to the committed snapshot (or --check that it is current)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if the snapshot differs; write nothing.")

    def handle(self, *args, check=False, **options):
        text = render(openapi_document())
        if check:
            if not SNAPSHOT.exists() or SNAPSHOT.read_text() != text:
                raise CommandError(f"{SNAPSHOT} is out of date: run `make openapi-snapshot` and commit it.")
            self.stdout.write("OpenAPI snapshot is up to date.")
            return
        SNAPSHOT.write_text(text)
        self.stdout.write(f"Wrote {SNAPSHOT}")
