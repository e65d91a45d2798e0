"""Publish under load and count stale responses: run by bench/load.py in the server's environment.

Each round gives one analysis a new, unique title and publishes it the way an editor does (a
revision, then publish), exactly as another process would (this is not the server: its workers learn
of the change only through the content generation in the database or Redis). As soon as publish()
returns, it asks the running server for the analysis page, its API detail and a search for the new
title, several times each so that every worker answers, and counts every response that does not show
the new title yet. Prints one line: BENCH_JSON {"publications": …, "checked": …, "stale": …}.

    (environment of the server) python bench/freshness.py --base http://127.0.0.1:8765 --rounds 20
"""

import argparse
import json
import os
import sys
import urllib.request
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
        return response.read().decode()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--reads", type=int, default=6, help="requests per URL after each publication")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    django.setup()
    from countries.models import AnalysisPage

    page = AnalysisPage.objects.live().order_by("pk").first()
    original = page.title
    checked = stale = 0
    stale_urls = []
    try:
        for round_number in range(args.rounds):
            marker = f"Zqfresh{round_number}x{os.getpid()}"
            page = AnalysisPage.objects.get(pk=page.pk)
            page.title = f"{original} {marker}"
            page.save_revision().publish()
            urls = [
                args.base + page.url,
                f"{args.base}/api/v3/pages/{page.pk}/",
                f"{args.base}/search/?q={quote(marker)}",
                f"{args.base}/api/v3/search/?q={quote(marker)}",
            ]
            for url in urls:
                for _ in range(args.reads):
                    checked += 1
                    if marker not in get(url):
                        stale += 1
                        stale_urls.append(url)
    finally:
        page = AnalysisPage.objects.get(pk=page.pk)
        page.title = original
        page.save_revision().publish()
    print("BENCH_JSON " + json.dumps({"publications": args.rounds, "checked": checked, "stale": stale}))
    if stale_urls:
        print("stale at: " + ", ".join(sorted(set(stale_urls))), file=sys.stderr)


if __name__ == "__main__":
    main()
