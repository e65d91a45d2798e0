from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.seed_loader import create_demo_users, load_seed_content


class Command(BaseCommand):
    help = "Load the organisation's regions, countries, Kazakhstan analysis and contact channels. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-users",
            action="store_true",
            help="Also create an administrator, an editor and a researcher with new passwords (development only).",
        )

    def handle(self, *args, demo_users=False, **options):
        if demo_users and not settings.DEMO_USERS_ALLOWED:
            raise CommandError("--demo-users is refused under these settings: demo accounts are for development only.")

        report = load_seed_content()
        for description in report.created:
            self.stdout.write(f"created {description}")
        if report.found:
            self.stdout.write(f"found {len(report.found)} existing objects, left unchanged")
        self.stdout.write(
            self.style.SUCCESS(f"Seed content: {len(report.created)} created, {len(report.found)} already present.")
        )

        if demo_users:
            self.stdout.write("\nDemo accounts (passwords are new on every run):")
            for username, password, role in create_demo_users():
                self.stdout.write(f"  {role:<14} username: {username:<11} password: {password}")
            self.stdout.write("Sign in at http://127.0.0.1:8000/admin/")
