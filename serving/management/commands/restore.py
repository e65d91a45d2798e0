from django.core.management import BaseCommand, CommandError

from serving.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into the configured database, which must be empty."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by `manage.py backup`.")

    def handle(self, folder, **options):
        try:
            manifest = restore(folder)
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(f"Restored the backup of {manifest['created']} from {folder}.")
