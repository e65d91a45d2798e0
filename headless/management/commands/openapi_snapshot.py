from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from headless.openapi import openapi_document, render


class Command(BaseCommand):
    help = "Write the API's OpenAPI document to PATH (or --check that PATH holds it)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The committed snapshot, e.g. tests/headless/openapi.snapshot.json")
        parser.add_argument("--check", action="store_true", help="Fail if PATH differs; write nothing.")

    def handle(self, *args, path, check=False, **options):
        text = render(openapi_document())
        if check:
            if not path.exists() or path.read_text() != text:
                raise CommandError(f"{path} is out of date: run `make openapi-snapshot` and commit it.")
            self.stdout.write("OpenAPI snapshot is up to date.")
            return
        path.write_text(text)
        self.stdout.write(f"Wrote {path}")
