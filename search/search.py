"""Search across published country analyses.

``run_search()`` is the one function that turns parameters into results, facets, snippets and
suggestions; the HTML page (``search.views``) and the JSON API (``search.api``) only parse their
input with ``search.params.parse_params()`` and present what it returns.

Typed input never reaches a search backend's query parser: the query is cut down to plain words
(Unicode letters and digits) first, because every database backend has had parser crashes on
punctuation, quotes, backslashes and leading hyphens (see tests/search/test_odd_input.py).
"""

import difflib
import html
import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe
from taggit.models import Tag
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.query import MATCH_ALL, PlainText
from wagtail.search.utils import normalise_query_string

from countries.models import AnalysisPage, AnalysisTopic, CountryPage, RegionPage

from .backends import SeparatedValues
from .params import WORD, SearchParams, clean_query, query_terms

SNIPPET_LENGTH = 240
SUGGEST_LIMIT = 10

VOCABULARY_CACHE_KEY = "search:vocabulary"
VOCABULARY_CACHE_SECONDS = 60  # bounds staleness in other processes when the cache is per-process

# Queries that look like an e-mail address or a phone/case number are not recorded for the report.
PERSONAL = re.compile(r"@|\d{5,}")


@dataclass
class SearchResult:
    page: AnalysisPage
    title: str
    url: str
    country: dict
    region: dict
    topics: list
    current_as_of: object
    snippet: str


@dataclass
class SearchOutcome:
    params: SearchParams
    count: int
    results: list
    facets: dict
    promoted: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)
    messages: list = field(default_factory=list)


@dataclass
class Vocabulary:
    """Slugs and names of the live, public regions and countries and of the topics in use."""

    regions: dict
    countries: dict
    topics: dict

    @classmethod
    def load(cls):
        # Cached: every search needs it, and it changes only when pages are published, unpublished,
        # moved, deleted or restricted (search.apps clears it then).
        vocabulary = cache.get(VOCABULARY_CACHE_KEY)
        if vocabulary is None:
            vocabulary = cls.from_database()
            cache.set(VOCABULARY_CACHE_KEY, vocabulary, VOCABULARY_CACHE_SECONDS)
        return vocabulary

    @classmethod
    def from_database(cls):
        regions = dict(RegionPage.objects.live().public().values_list("slug", "title"))
        countries = {
            country.slug: country
            for country in CountryPage.objects.live().public().only("slug", "title", "iso_code", "other_names")
        }
        # Only topics of analyses a reader can see: a topic that exists only on a draft or a private
        # analysis must not be confirmable by guessing its slug (``?topic=`` would answer differently).
        searchable = AnalysisPage.objects.live().public().values("pk")
        topics = dict(
            Tag.objects.filter(countries_analysistopic_items__content_object_id__in=searchable)
            .distinct()
            .values_list("slug", "name")
        )
        return cls(regions=regions, countries=countries, topics=topics)

    @staticmethod
    def forget(**kwargs):
        cache.delete(VOCABULARY_CACHE_KEY)

    def resolve(self, name, raw):
        """The known slug for a filter value (country also by ISO code), or None."""
        value = clean_query(raw or "").lower()
        if name == "country":
            if value in self.countries:
                return value
            return next((slug for slug, c in self.countries.items() if c.iso_code.lower() == value), None)
        known = self.regions if name == "region" else self.topics
        return value if value in known else None

    def title(self, name, slug):
        if name == "country":
            country = self.countries.get(slug)
            return country.title if country else slug
        return (self.regions if name == "region" else self.topics).get(slug, slug)

    def names(self):
        """(lower-case name, country) for every title and alias, for matching typed words to countries."""
        for country in self.countries.values():
            yield country.title.lower(), country
            for alias in country.alias_list():
                yield alias.lower(), country


# Searching --------------------------------------------------------------------------------------


def searchable_analyses(params):
    """Live, public analyses narrowed by the filters (several values of one filter: any of them;
    several topics: all of them)."""
    queryset = AnalysisPage.objects.live().public()
    if params.region:
        queryset = queryset.filter(region_slug__in=params.region)
    if params.country:
        queryset = queryset.filter(country_slug__in=params.country)
    for topic in params.topic:
        queryset = queryset.filter(topics__slug=topic)
    return queryset


def backend_search(params):
    """(matches, page_source): every match, unordered, for counting and faceting; and the same matches
    in the order asked for, to slice one page from. Counting never pays for ranking."""
    queryset = searchable_analyses(params)
    terms = query_terms(params.q)
    # Ties on the date: the analysis created last first (its id; first_published_at would make every
    # search read the page table, not just the index of live page ids).
    newest = queryset.order_by("-current_as_of", "-id")
    if not terms:
        matches = newest.search(MATCH_ALL, order_by_relevance=False)
        return matches, matches
    query = PlainText(" ".join(terms), operator="and")
    matches = queryset.search(query, order_by_relevance=False)
    if params.sort == "newest":
        return matches, newest.search(query, order_by_relevance=False)
    return matches, queryset.search(query, order_by_relevance=True)


def topic_counts(ids):
    """``value`` (a topic's slug) and ``n`` (how many of the analyses ``ids`` have it), per topic."""
    return (
        AnalysisTopic.objects.filter(content_object_id__in=ids)
        .values(value=F("tag__slug"))
        # Not COUNT(DISTINCT): taggit stores a tag once per analysis, and the distinct count sorts
        # every row (a third of a search's time at 100,000 analyses).
        .annotate(n=Count("pk"))
        .order_by()
    )


# The columns each facet is counted from where the backend counts in SQL (summary_statement).
FACET_SOURCES = {"region": "region_slug", "country": "country_slug", "topic": SeparatedValues("topic_keys")}


def count_facets_and_page(params, matches, ordered):
    """``(count, facets, pages)``: the number of matches, their facets, and the page asked for.

    On PostgreSQL the search backend answers all three with one statement (``summarise``); elsewhere
    they come from separate requests to the backend."""
    summarise = getattr(ordered, "summarise", None)
    summary = summarise(FACET_SOURCES, params.offset, params.limit) if summarise else None
    if summary is not None:
        return summary
    count, facets = count_and_facets(matches)
    pages = list(ordered[params.offset : params.offset + params.limit]) if count else []
    return count, facets, pages


def count_and_facets(matches):
    """The number of matches and {"region": {slug: n}, "country": {...}, "topic": {...}} over all of them.

    Elasticsearch answers each with its own aggregation (``.facet()``; topics from the list of slugs it
    stores per analysis, AnalysisPage.topic_slugs). The database backends can facet only on a column
    of the searched model, one query per facet, each repeating the full-text match; there the matches
    are a queryset, read once. (PostgreSQL does not come here: see count_facets_and_page.)
    """
    if not hasattr(matches, "get_queryset"):
        count = matches.count()
        facets = {
            "region": dict(matches.facet("region_slug")),
            "country": dict(matches.facet("country_slug")),
            "topic": dict(matches.facet("topic_slugs")) if count else {},
        }
        return count, facets
    matched = matches.get_queryset().order_by()
    # One pass over the matches (the full-text match is most of a search's database time): their
    # place keys, counted here (a country lies in one region) ...
    rows = list(matched.values_list("pk", "region_slug", "country_slug"))
    regions = Counter(region for _, region, _ in rows)
    countries = Counter(country for _, _, country in rows)
    count = len(rows)
    topics = {}
    if count:
        # ... and their topics, by id. PostgreSQL takes the ids as one array parameter; elsewhere the
        # match runs again as a subquery (a list of thousands of parameters costs more).
        if connection.vendor == "postgresql":
            ids = RawSQL("SELECT unnest(%s::integer[])", ([pk for pk, _, _ in rows],))
        else:
            ids = matched.values("pk")
        topics = {row["value"]: row["n"] for row in topic_counts(ids)}
    return count, {"region": dict(regions), "country": dict(countries), "topic": topics}


def ordered_counts(counts):
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def highlight_pattern(terms):
    """Matches words starting with any term's stem, so 'elections' also marks 'election'."""
    stems = sorted({term[: max(4, len(term) - 3)] if len(term) > 4 else term for term in terms}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(stem) for stem in stems) + r")\w*", re.IGNORECASE)


TAG = re.compile(r"<[^>]*>")
# Values in a body block that are not prose: links, and image and page references.
NOT_PROSE = {"source_url", "link_page", "image"}


def block_texts(value):
    """The prose in a body block's stored (JSON) value, tags removed."""
    if isinstance(value, str):
        yield html.unescape(TAG.sub(" ", value))
    elif isinstance(value, dict):
        if "type" in value and "value" in value:  # a child block, in a stream or a list
            yield from block_texts(value["value"])
        else:
            for key, item in value.items():
                if key not in NOT_PROSE:
                    yield from block_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from block_texts(item)


def page_text(page):
    # From the stored JSON rather than through the blocks' get_searchable_content(), which builds
    # every block and parses its rich text with HTMLParser: a third of a search's time.
    return " ".join([page.standfirst, *block_texts(list(page.body.raw_data))])


def make_snippet(text, pattern):
    """An HTML excerpt around the first matched word: each piece of text is escaped, then the matched
    words (escaped too) are wrapped in <mark>, so nothing in the text or the query can inject markup."""
    text = " ".join(text.split())
    match = pattern.search(text) if pattern else None
    if match is None:
        excerpt = text[:SNIPPET_LENGTH]
        start, end = 0, len(excerpt)
    else:
        start = max(0, match.start() - SNIPPET_LENGTH // 3)
        if start:
            start = text.find(" ", start) + 1 or start
        end = min(len(text), start + SNIPPET_LENGTH)
        if end < len(text):
            end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > match.end() else end
    excerpt = text[start:end]
    pieces, last = [], 0
    for found in pattern.finditer(excerpt) if pattern else ():
        pieces.append(escape(excerpt[last : found.start()]))
        pieces.append(f"<mark>{escape(found.group())}</mark>")
        last = found.end()
    pieces.append(escape(excerpt[last:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece escaped above


def topics_of(pages):
    """{page id: [{"name", "slug"}, ...]} for the pages, in one query."""
    topics = {page.pk: [] for page in pages}
    rows = (
        AnalysisTopic.objects.filter(content_object_id__in=list(topics))
        .order_by("pk")
        .values_list("content_object_id", "tag__name", "tag__slug")
    )
    for page_id, name, slug in rows if topics else ():
        topics[page_id].append({"name": name, "slug": slug})
    return topics


def build_results(pages, vocabulary, terms, request):
    pattern = highlight_pattern(terms)
    topics = topics_of(pages)
    results = []
    for page in pages:
        country = vocabulary.countries.get(page.country_slug)
        results.append(
            SearchResult(
                page=page,
                title=page.title,
                url=page.get_url(request=request),
                country={
                    "title": country.title if country else "",
                    "slug": page.country_slug,
                    "iso_code": page.country_iso,
                },
                region={"title": vocabulary.title("region", page.region_slug), "slug": page.region_slug},
                topics=topics[page.pk],
                current_as_of=page.current_as_of,
                snippet=make_snippet(page_text(page), pattern),
            )
        )
    return results


def editors_picks(q):
    """Live, public pages an editor promoted for exactly this query, in the editor's order."""
    if not q:
        return []
    promotions = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(q), page__isnull=False)
        .order_by("sort_order")
        .values_list("page_id", "description")
    )
    if not promotions:  # the usual case: one query, no page lookups
        return []
    visible = Page.objects.live().public().in_bulk([page_id for page_id, _ in promotions])
    picks = []
    for page_id, description in promotions:
        page = visible.get(page_id)
        if page is not None:
            picks.append({"title": page.title, "url": page.url, "description": description, "page": page})
    return picks


def matching_countries(q, vocabulary):
    """Countries whose name or alias appears, as whole words, in the query."""
    text = " " + " ".join(WORD.findall(q.lower())) + " "
    found = []
    for name, country in vocabulary.names():
        words = " ".join(WORD.findall(name))
        if words and f" {words} " in text and country not in found:
            found.append(country)
    return found


def close_countries(q, vocabulary, limit=5):
    """'Did you mean': countries whose name or alias is spelt like the query or one of its words."""
    names = dict(vocabulary.names())
    candidates = [q.lower(), *(term.lower() for term in query_terms(q) if len(term) >= 4)]
    found = []
    for candidate in candidates:
        for name in difflib.get_close_matches(candidate, names, n=limit, cutoff=0.75):
            if names[name] not in found:
                found.append(names[name])
    return found[:limit]


def record_query(q):
    """Count the query for the admin's popular-searches report; nothing about who searched is kept."""
    if q and not PERSONAL.search(q):
        Query.get(q).add_hit()


def run_search(params, *, request=None, vocabulary=None, record=True):
    vocabulary = vocabulary or Vocabulary.load()
    terms = query_terms(params.q)
    count, facets, pages = 0, {"region": {}, "country": {}, "topic": {}}, []
    # A query of nothing but punctuation searches for nothing (an empty query browses).
    if terms or not params.q:
        count, all_facets, pages = count_facets_and_page(params, *backend_search(params))
        if count:
            known = {"region": vocabulary.regions, "country": vocabulary.countries, "topic": vocabulary.topics}
            # Only values a visitor can filter by (Elasticsearch also reports a bucket for "missing").
            facets = {
                name: ordered_counts({slug: n for slug, n in counts.items() if slug in known[name]})
                for name, counts in all_facets.items()
            }
    outcome = SearchOutcome(
        params=params,
        count=count,
        results=build_results(pages, vocabulary, terms, request),
        facets=facets,
        promoted=editors_picks(params.q) if params.offset == 0 else [],
        countries=matching_countries(params.q, vocabulary) if params.q else [],
    )
    if count == 0 and params.q:
        outcome.suggestions = [c for c in close_countries(params.q, vocabulary) if c not in outcome.countries]
    if record and params.offset == 0:
        record_query(params.q)
    return outcome


def suggest(q, limit=SUGGEST_LIMIT):
    """Up to ``limit`` completions for a search box: countries (by name or alias prefix), then analysis titles."""
    q = clean_query(q).lower()
    if not WORD.search(q):
        return []
    vocabulary = Vocabulary.load()
    suggestions, seen = [], set()
    for name, country in sorted(vocabulary.names(), key=lambda item: item[1].title):
        if country.slug not in seen and any(word.startswith(q) for word in [name, *name.split()]):
            seen.add(country.slug)
            suggestions.append({"kind": "country", "title": country.title, "url": country.url, "slug": country.slug})
    terms = query_terms(q)
    if len(suggestions) < limit and terms:
        analyses = AnalysisPage.objects.live().public().autocomplete(" ".join(terms), operator="and")
        for page in analyses[: limit - len(suggestions)]:
            suggestions.append({"kind": "analysis", "title": page.title, "url": page.url, "slug": page.slug})
    return suggestions[:limit]
