from django.core.management import BaseCommand

from serving.backup import backup


class Command(BaseCommand):
    help = "Write a consistent backup of the database and the media files into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The folder to create, e.g. backups/2026-12-01.")

    def handle(self, folder, **options):
        manifest = backup(folder)
        self.stdout.write(f"Backed up the {manifest['vendor']} database and the media files into {folder}.")
