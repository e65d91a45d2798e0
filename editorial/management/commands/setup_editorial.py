from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from editorial.roles import apply_review_workflow, apply_roles


class Command(BaseCommand):
    help = "Bring the editorial groups, permissions and review workflow to their intended state (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        groups = apply_roles(apps)
        workflow = apply_review_workflow(apps)
        self.stdout.write(f"Groups: {', '.join(sorted(groups))}. Workflow: {workflow.name}.")
