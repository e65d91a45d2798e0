"""PDF benchmark: how long the Kazakhstan analysis's PDF takes to make, and to serve once it is stored.

    .venv/bin/python bench/pdf.py [--renders 5] [--requests 200]

Goals (issue "Court bundle"): made in at most 2 s on a 2-core machine, served in at most 20 ms a
request. Making is timed as the publication task does it (render and store), both the first render in a
process (WeasyPrint loads its fonts then) and the following ones. Serving is timed through the whole Django stack
in-process (middleware, routing, the stored file read and streamed), as Django's test client sees it.
It uses its own SQLite file, bench/pdf-bench.sqlite3, seeded once.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def setup_django():
    os.environ["DATABASE_URL"] = f"sqlite:///{BASE_DIR / 'bench' / 'pdf-bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = BASE_DIR / "bench" / "pdf-bench-media"
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from countries.models import AnalysisPage

    if not AnalysisPage.objects.exists():
        call_command("load_seed_content", stdout=io.StringIO())


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--renders", type=int, default=5)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    setup_django()

    from django.test import Client

    from countries.models import AnalysisPage, AnalysisVersion
    from countries.tasks import make_version_pdf

    page = AnalysisPage.objects.get(slug="limited-political-freedoms-kazakhstan")
    version = page.current_version()
    started = time.perf_counter()
    make_version_pdf.call(version.pk, replace=True)  # the first in a process also loads fonts, templates
    first = [time.perf_counter() - started]
    made = []
    for _ in range(args.renders):
        started = time.perf_counter()
        make_version_pdf.call(version.pk, replace=True)
        made.append(time.perf_counter() - started)
    version = AnalysisVersion.objects.get(pk=version.pk)
    if not version.pdf:
        sys.exit(f"No PDF was made: {version.pdf_problem}")

    client = Client()
    url = f"{page.url}v/{version.number}/pdf/"
    served = []
    size = 0
    for _ in range(args.requests):
        started = time.perf_counter()
        response = client.get(url)
        size = len(b"".join(response.streaming_content))
        served.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code

    print(f"PDF of {version} ({size:,} bytes), load {os.getloadavg()[0]:.2f}")
    print(f"{'':24}{'median':>10}{'p95':>10}{'max':>10}{'goal':>10}")
    rows = (
        ("make, first in a process", first, 2.0),
        ("make (render + store)", made, 2.0),
        ("serve (stored)", served, 0.020),
    )
    for label, values, goal in rows:
        ms = [value * 1000 for value in values]
        print(
            f"{label:24}{statistics.median(ms):>8.1f}ms{percentile(ms, 0.95):>8.1f}ms"
            f"{max(ms):>8.1f}ms{goal * 1000:>8.0f}ms"
        )


if __name__ == "__main__":
    main()
