"""The matching analyses of a search: filtered, matched by the backend, counted and faceted.

Counting never pays for ranking: the set of all matches (for the count and the facets) and the same
matches in the order asked for (to slice one page from) are separate querysets of the backend.
"""

from collections import Counter

from django.db import connection
from django.db.models import Count, F
from django.db.models.expressions import RawSQL
from wagtail.search.query import MATCH_ALL, PlainText

from countries.models import AnalysisPage, AnalysisTopic

from .backends import SeparatedValues
from .params import query_terms


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
    if params.current_from is not None:
        queryset = queryset.filter(current_as_of__gte=params.current_from)
    if params.current_to is not None:
        queryset = queryset.filter(current_as_of__lte=params.current_to)
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
