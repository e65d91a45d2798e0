"""Fill a benchmark database: the organisation's seed content plus analyses up to N per country.

Run by bench/load.py in the server's environment (production settings, the bench DATABASE_URL);
prints one JSON line with the URLs to load and the SQL queries each makes when rendered uncached.
Idempotent: countries that already have enough analyses are left alone.
"""

import datetime
import io
import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

TOPICS = [
    "elections",
    "freedom of expression",
    "torture",
    "detention",
    "LGBTQ+ rights",
    "religious minorities",
    "ethnic minorities",
    "armed conflict",
    "women's rights",
    "journalists",
    "military service",
    "political opposition",
    "blood feuds",
    "trafficking",
    "statelessness",
]
SECTIONS = ["Background", "Elections and political rights", "Treatment of returnees", "State protection", "Outlook"]


def build_corpus(per_country, rng):
    from countries.models import AnalysisPage, CountryPage, Expert, Source

    experts = list(Expert.objects.all()[:30])
    for n in range(len(experts), 30):
        experts.append(Expert.objects.create(name=f"Bench Expert {n}", role="Country expert", bio="Writes reports."))

    created = 0
    for country in CountryPage.objects.order_by("path"):
        have = AnalysisPage.objects.child_of(country).count()
        for n in range(have, per_country):
            topics = rng.sample(TOPICS, 3)
            published = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
                hours=rng.randrange(7000)
            )
            body = []
            for section in SECTIONS:
                body.append(("heading", section))
                for p in range(2):
                    body.append(
                        (
                            "paragraph",
                            f"<p>{section} in {country.title}: findings on {', '.join(topics)}, "
                            f"paragraph {p + 1}. Reports describe arrests, trials and the risks faced on return.</p>",
                        )
                    )
            page = AnalysisPage(
                title=f"{country.title}: {topics[0]} and {topics[1]} ({n + 1})",
                slug=f"analysis-{n + 1}",
                standfirst=f"How {topics[0]} and {topics[1]} shape protection claims from {country.title}.",
                body=body,
                current_as_of=published.date(),
                next_review_due=published.date() + datetime.timedelta(days=180),
                first_published_at=published,
                last_published_at=published,
                live=True,
            )
            country.add_child(instance=page)
            page.topics.add(*topics)
            for i, expert in enumerate(rng.sample(experts, 2)):
                page.authors.create(expert=expert, sort_order=i)
            for i in range(3):
                source = Source.objects.create(
                    title=f"Report {i + 1} on {country.title}",
                    author="A human-rights organisation",
                    published_on=published.date(),
                    url=f"https://example.org/{country.slug}/{n}/{i}",
                )
                page.sources.create(source=source, sort_order=i)
            created += 1
            country.refresh_from_db()
    return created


def query_counts(routes):
    """SQL queries per uncached render (page cache off; menu and footer cache warm, as in production)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_ENABLED = False
    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for name, url in routes.items():
        first = client.get(url)
        if first.status_code != 200:
            counts[name] = None
            continue
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        counts[name] = len(captured)
    return counts


def main():
    per_country = int(os.environ.get("BENCH_ANALYSES_PER_COUNTRY", "50"))
    django.setup()
    from django.core.management import call_command

    from countries.models import AnalysisPage, CountryPage

    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_seed_content", stdout=io.StringIO())
    created = build_corpus(per_country, random.Random(7))  # noqa: S311 - reproducible corpus, not crypto
    if created:
        call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())

    kazakhstan = CountryPage.objects.get(iso_code="KZ")
    analysis = AnalysisPage.objects.child_of(kazakhstan).get(slug="limited-political-freedoms-kazakhstan")
    routes = {
        "home": "/",
        "region": kazakhstan.get_parent().url,
        "country": kazakhstan.url,
        "analysis": analysis.url,
        "search HTML": "/search/?q=elections",
        "search JSON": "/api/v3/search/?q=elections",
        "API list": "/api/v3/pages/?type=countries.AnalysisPage",
        "API detail": f"/api/v3/pages/{analysis.pk}/",
    }
    result = {
        "countries": CountryPage.objects.count(),
        "analyses": AnalysisPage.objects.live().count(),
        "created": created,
        "routes": routes,
        "queries": query_counts(routes),
    }
    print("BENCH_JSON " + json.dumps(result))


if __name__ == "__main__":
    main()
