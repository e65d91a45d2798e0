"""Search benchmark: a corpus of N analyses over the 58 seeded countries, then 38 fixed queries
through the JSON endpoint (in-process, Django's test client), printed as a table of latencies.

    .venv/bin/python bench/search.py --analyses 10000
    .venv/bin/python bench/search.py --analyses 10000 \
        --database-url postgres://postgres@127.0.0.1:5432/cms_bench_search

It only ever uses its own database (a name containing "bench"; by default the SQLite file
bench/search-bench.sqlite3), creates what is missing up to N analyses and reuses the rest, so a
second run measures without generating again.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = f"sqlite:///{BASE_DIR / 'bench' / 'search-bench.sqlite3'}"

QUERIES = [
    # words
    {"q": "elections"},
    {"q": "torture"},
    {"q": "journalists"},
    {"q": "conscription"},
    {"q": "detention"},
    {"q": "corruption"},
    {"q": "asylum"},
    {"q": "surveillance"},
    {"q": "LGBT"},
    {"q": "Qazaqstan"},
    # several words
    {"q": "journalists imprisoned"},
    {"q": "freedom of expression"},
    {"q": "political opposition"},
    {"q": "religious minorities"},
    {"q": "forced return"},
    {"q": "blood feud"},
    {"q": "human rights defenders"},
    {"q": "military service desertion"},
    {"q": "Kazakhstan elections"},
    {"q": "domestic violence", "sort": "newest"},
    # words and filters
    {"q": "elections", "country": "kazakhstan"},
    {"q": "torture", "region": "middle-east"},
    {"q": "detention", "topic": "detention"},
    {"q": "protest", "country": "IR", "sort": "newest"},
    {"q": "press freedom", "region": "east-asia", "topic": "freedom-of-expression"},
    # empty query with filters: browse newest first
    {"country": "eritrea"},
    {"region": "east-africa"},
    {"topic": "elections"},
    {"region": "latin-america-the-caribbean", "sort": "newest"},
    {"country": "kazakhstan", "topic": "elections"},
    # the search syntax: phrase, exclusion, OR, brackets, prefix; and the "some of the words" fallback
    {"q": '"military service"'},
    {"q": '"freedom of expression" journalists'},
    {"q": "surveillance -activists"},
    {"q": "torture NOT detention"},
    {"q": "Eritrea OR Somalia"},
    {"q": "(torture OR detention) Iran"},
    {"q": "conscript*"},
    {"q": "torture atlantis"},
]
# The first 30 are the queries of the benchmark before the syntax came: compared on their own.
PREVIOUS_QUERIES = 30

# Each topic brings its own vocabulary, so a word such as "conscription" is frequent in analyses
# about military service and rare elsewhere, as in real reports.
TOPICS = {
    "elections": "elections election electoral vote voters ballot candidates observers referendum fraud",
    "political opposition": "opposition party parties activists leaders banned prosecuted exile dissidents",
    "freedom of expression": "journalists journalist media press censorship bloggers online internet imprisoned",
    "freedom of assembly": "protest protests demonstrators rally dispersed crackdown gatherings permit",
    "surveillance": "surveillance monitoring informants intelligence phone tapping spyware checkpoints",
    "civil society": "NGOs organisations defenders lawyers foreign agents registration funding",
    "minorities": "ethnic minority minorities discrimination language community persecution",
    "migration": "migration diaspora exit visa passport border emigration remittances",
    "detention": "detention detained custody prison prisons pretrial incommunicado conditions",
    "torture": "torture ill-treatment beatings confessions interrogation impunity abuse",
    "military service": "conscription military service desertion deserters draft evasion army",
    "religious freedom": "religious Christians Muslims converts worship blasphemy apostasy clergy",
    "LGBT rights": "LGBT gay lesbian transgender sexual orientation criminalised harassment",
    "women's rights": "women girls domestic violence forced marriage honour gender",
    "armed conflict": "conflict armed groups militia shelling ceasefire displacement civilians",
    "corruption": "corruption bribery embezzlement oligarchs patronage impunity officials",
    "blood feud": "blood feud revenge clan tribal honour killing mediation elders",
    "forced return": "forced return deportation returnees reprisals asylum seekers refugees",
}
TOPIC_WORDS = {name: vocabulary.split() for name, vocabulary in TOPICS.items()}
COMMON = str.split(
    "the of and to in a is that for on as with by was are be this which from at it or an were has have "
    "not their been its but also more other who all can after into than these they only over such most "
    "many some when there between during under while since those against about through within however"
)
DOMAIN = str.split(
    "government authorities security forces police arrest arrested human rights courts trial judiciary "
    "president parliament ministry interior state legislation decree reports sources interviews evidence"
)


def words(rng, n, topics=()):
    topic_words = [word for topic in topics for word in TOPIC_WORDS[topic]]
    picked = []
    for _ in range(n):
        roll = rng.random()
        if topic_words and roll < 0.12:
            picked.append(rng.choice(topic_words))
        elif roll < 0.22:
            picked.append(rng.choice(DOMAIN))
        else:
            picked.append(rng.choice(COMMON))
    return " ".join(picked)


def sentence(rng, n, topics=()):
    text = words(rng, n, topics)
    return text[0].upper() + text[1:] + "."


def paragraph(rng, topics=()):
    return " ".join(sentence(rng, rng.randint(12, 28), topics) for _ in range(rng.randint(3, 6)))


def progress(done, total, started, label):
    width = 30
    filled = int(width * done / total) if total else width
    rate = done / max(time.perf_counter() - started, 1e-9)
    remaining = (total - done) / rate if rate else 0
    sys.stderr.write(
        f"\r{label} [{'#' * filled}{' ' * (width - filled)}] {done}/{total} {rate:,.0f}/s, ~{remaining:,.0f}s left "
    )
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def setup_django(database_url):
    name = database_url.rsplit("/", 1)[-1]
    if "bench" not in name:
        sys.exit(f"Refusing to use {name!r}: the benchmark's database name must contain 'bench'.")
    os.environ["DATABASE_URL"] = database_url
    # Connections kept open between requests, as `make serve` and production do; with Django's
    # default every request would also pay for a new PostgreSQL connection.
    os.environ.setdefault("DB_CONN_MAX_AGE", "600")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.conf import settings

    # As in production (where Redis is set): the Site and other content lookups are cached between
    # requests. The whole-response page cache stays off, so that every timed request searches.
    settings.CONTENT_CACHE_ENABLED = True
    settings.PAGE_CACHE_ENABLED = False


def prepare_database():
    import io

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_seed_content", stdout=io.StringIO())


def generate(total, seed=2026, chunk=500):
    """Add analyses until there are ``total``, spread over the 58 countries; returns seconds taken.

    Rows are inserted in bulk (Page rows, then the AnalysisPage rows, topics and sources) and indexed
    in bulk afterwards: saving page by page runs Wagtail's save hooks, the reference index and the
    search index once per page, about 30 pages a second, which would take an hour for 100,000.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from taggit.models import Tag
    from wagtail.models import Locale, Page

    from countries.models import AnalysisPage, AnalysisSource, AnalysisTopic, CountryPage, Source

    existing = AnalysisPage.objects.count()
    missing = total - existing
    if missing <= 0:
        print(f"{existing:,} analyses already there; nothing to generate.")
        return index_missing_documents()

    rng = random.Random(seed + existing)
    countries = list(CountryPage.objects.order_by("path"))
    tags = {}
    for name in TOPICS:
        tags[name] = Tag.objects.get_or_create(name=name, defaults={"slug": name.replace("'", "").replace(" ", "-")})[0]
    # The last step used under each country (paths of deleted children are never reused).
    children = {
        c.pk: max([int(p[-AnalysisPage.steplen :], 36) for p in c.get_children().values_list("path", flat=True)] or [0])
        for c in countries
    }
    content_type = ContentType.objects.get_for_model(AnalysisPage)
    locale = Locale.get_default()
    child_fields = AnalysisPage._meta.local_concrete_fields
    started = time.perf_counter()
    created_ids = []
    today = datetime.date(2026, 11, 1)
    now = timezone.now()
    for start in range(0, missing, chunk):
        with transaction.atomic():
            new_pages, topics_by_page, sources_by_page = [], [], []
            for n in range(start, min(start + chunk, missing)):
                country = countries[(existing + n) % len(countries)]
                children[country.pk] += 1
                topics = rng.sample(list(TOPICS), rng.randint(1, 4))
                title = f"{country.title}: {words(rng, rng.randint(4, 8), topics[:1])}"[:250]
                slug = f"analysis-{existing + n}"
                page = AnalysisPage(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    url_path=f"{country.url_path}{slug}/",
                    content_type=content_type,
                    locale=locale,
                    standfirst=" ".join(sentence(rng, rng.randint(14, 22), topics) for _ in range(2))[:600],
                    body=[
                        block
                        for _ in range(rng.randint(3, 6))
                        for block in (
                            ("heading", words(rng, rng.randint(2, 5), topics).capitalize()),
                            ("paragraph", f"<p>{paragraph(rng, topics)}</p>"),
                            ("paragraph", f"<p>{paragraph(rng, topics)}</p>"),
                        )
                    ],
                    current_as_of=today - datetime.timedelta(days=rng.randint(0, 6 * 365)),
                    next_review_due=today + datetime.timedelta(days=rng.randint(30, 365)),
                    path=AnalysisPage._get_path(country.path, country.depth + 1, children[country.pk]),
                    depth=country.depth + 1,
                    live=True,
                    first_published_at=now,
                    last_published_at=now,
                )
                new_pages.append(page)
                topics_by_page.append(topics)
                sources_by_page.append([sentence(rng, rng.randint(5, 10)) for _ in range(rng.randint(1, 4))])
            # Multi-table inheritance: the Page rows first (their ids come back), then the child rows.
            Page.objects.bulk_create(new_pages)
            for page in new_pages:
                page.page_ptr_id = page.id
            AnalysisPage.objects._insert(new_pages, fields=child_fields, using="default")
            AnalysisTopic.objects.bulk_create(
                AnalysisTopic(content_object_id=page.pk, tag=tags[name])
                for page, topics in zip(new_pages, topics_by_page, strict=True)
                for name in topics
            )
            sources = Source.objects.bulk_create(
                Source(author="A human-rights organisation", title=title, url="https://example.org/report")
                for titles in sources_by_page
                for title in titles
            )
            made = iter(sources)
            AnalysisSource.objects.bulk_create(
                AnalysisSource(page_id=page.pk, sort_order=i, source=next(made))
                for page, titles in zip(new_pages, sources_by_page, strict=True)
                for i, _title in enumerate(titles)
            )
            created_ids += [page.pk for page in new_pages]
        progress(min(start + chunk, missing), missing, started, "generating")
    for country in countries:
        Page.objects.filter(pk=country.pk).update(numchild=children[country.pk])

    # The search documents the site search reads (Wagtail's own index, for the admin and the pages
    # API's ?search=, is not built: nothing here searches it).
    index_started = time.perf_counter()
    from search.documents import reindex

    for start in range(0, len(created_ids), chunk):
        reindex(created_ids[start : start + chunk])
        progress(min(start + chunk, len(created_ids)), len(created_ids), index_started, "indexing  ")
    return time.perf_counter() - started


def index_missing_documents():
    """Search documents for analyses that have none (a corpus generated before they existed)."""
    from countries.models import AnalysisPage
    from search.documents import reindex
    from search.models import SearchDocument

    missing = list(
        AnalysisPage.objects.exclude(pk__in=SearchDocument.objects.values("pk")).values_list("pk", flat=True)
    )
    if not missing:
        return 0.0
    started = time.perf_counter()
    for start in range(0, len(missing), 500):
        reindex(missing[start : start + 500])
        progress(min(start + 500, len(missing)), len(missing), started, "indexing  ")
    return time.perf_counter() - started


def measure(repeat, warmup=2):
    from django.db import connection
    from django.test import Client

    # What autovacuum (PostgreSQL) or a periodic ANALYZE would have done after the bulk load: fresh
    # planner statistics (without them PostgreSQL can pick plans 100 times slower), and on PostgreSQL
    # the dead rows left by indexing removed (every index entry is written, then updated once).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    client = Client()
    rows = []
    for params in QUERIES:
        for _ in range(warmup):
            client.get("/api/v3/search/", params)
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get("/api/v3/search/", params)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (params, response.content[:200])
        rows.append((params, response.json()["count"], samples))
    return rows


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def print_table(rows, database, analyses, generation_seconds):
    from django.db import connection

    print(f"\nSearch benchmark: {analyses:,} analyses, {connection.vendor} ({database}), JSON endpoint in-process")
    if generation_seconds:
        print(f"Generation and indexing took {generation_seconds:,.0f} s")
    print(f"{'query':<62} {'hits':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    print("-" * 96)
    every = []
    for params, count, samples in rows:
        every += samples
        label = "&".join(f"{k}={v}" for k, v in params.items())
        print(
            f"{label[:62]:<62} {count:>7,} {statistics.median(samples):>8.1f} "
            f"{percentile(samples, 95):>8.1f} {max(samples):>8.1f}"
        )
    print("-" * 96)
    previous = [sample for _, _, samples in rows[:PREVIOUS_QUERIES] for sample in samples]
    for label, samples in ((f"the first {PREVIOUS_QUERIES} queries", previous), ("all queries", every)):
        print(
            f"{label + ' (' + str(len(samples)) + ' requests)':<62} {'':>7} {statistics.median(samples):>8.1f} "
            f"{percentile(samples, 95):>8.1f} {max(samples):>8.1f}"
        )


def argument_parser():
    """The command line this benchmark takes (tests/test_readme.py checks the documented commands with it)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--analyses", type=int, default=10_000, help="corpus size (default 10,000)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per query (default 20)")
    parser.add_argument("--generate-only", action="store_true")
    return parser


def main():
    args = argument_parser().parse_args()

    setup_django(args.database_url)
    prepare_database()
    seconds = generate(args.analyses)
    if args.generate_only:
        return
    from countries.models import AnalysisPage

    analyses = AnalysisPage.objects.count()
    print_table(measure(args.repeat), args.database_url.split("@")[-1], analyses, seconds)


if __name__ == "__main__":
    main()
