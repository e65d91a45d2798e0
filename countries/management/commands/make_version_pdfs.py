"""Make the PDFs of published versions that have none (after an upgrade, or when Pango was missing).

Publication makes each version's PDF by itself; this command catches up, in this process rather than
through the task queue, and says what it could not make and why.
"""

from django.core.management.base import BaseCommand

from countries.models import AnalysisVersion
from countries.tasks import make_version_pdf, pdf_must_wait


class Command(BaseCommand):
    help = "Make the PDF of every published version that has none (--replace: remake them all)."

    def add_arguments(self, parser):
        parser.add_argument("--replace", action="store_true", help="Remake PDFs that exist too.")

    def handle(self, *args, replace=False, **options):
        versions = AnalysisVersion.objects.public()
        if not replace:
            versions = versions.filter(pdf="")
        made = failed = waiting = 0
        for pk in versions.values_list("pk", flat=True):
            make_version_pdf.call(pk, replace=replace)
            version = AnalysisVersion.objects.get(pk=pk)
            if version.pdf_problem:
                failed += 1
                self.stderr.write(f"{version}: {version.pdf_problem}")
            elif not version.pdf:
                waiting += 1
                self.stdout.write(f"{version}: not yet. {pdf_must_wait(version)}")
            else:
                made += 1
        self.stdout.write(f"{made} PDF(s) made, {failed} could not be made{f', {waiting} waiting' if waiting else ''}.")
        if failed:
            raise SystemExit(1)
