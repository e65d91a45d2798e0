"""The matching analyses of a search: filtered, matched, counted, faceted, one page of them ranked.

On SQLite and PostgreSQL the search documents (``search.models``) are searched through the
database's engine (``search.engines``); with Elasticsearch, Wagtail's search API is asked instead.
Either way the answer is a ``Matches``: the count, the facets, the ids of one page, their excerpts,
and whether the words were loosened.

No dead ends: when every word together finds nothing, a query of plain words is loosened to any of
them, the analyses that match more of the words first; a phrase, an exclusion or an OR means what it
says and is never loosened.
"""

import heapq
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter

from django.db import connection
from django.db.models import Case, Value, When

from . import documents as search_documents
from .engines import engine
from .models import SearchDocument
from .params import SearchParams
from .syntax import loosened


@dataclass
class Matches:
    count: int = 0
    facets: dict = field(default_factory=lambda: {"region": {}, "country": {}, "topic": {}})
    ids: list = field(default_factory=list)
    excerpts: dict = field(default_factory=dict)
    # True when no analysis matched every word and these match some of them.
    loosened: bool = False


# What the service reads of every match: the id, the facet keys and the date (for "newest").
ROW_FIELDS = ("pk", "region_slug", "country_slug", "topic_keys", "current_as_of")


def filtered_documents(params, text):
    """The documents narrowed by the filters (several values of one filter: any of them; several
    topics: all of them)."""
    documents = SearchDocument.objects.all()
    if params.region:
        documents = documents.filter(region_slug__in=params.region)
    if params.country:
        documents = documents.filter(country_slug__in=params.country)
    for topic in params.topic:
        documents = text.with_topic(documents, topic)
    if params.current_from is not None:
        documents = documents.filter(current_as_of__gte=params.current_from)
    if params.current_to is not None:
        documents = documents.filter(current_as_of__lte=params.current_to)
    return documents


def facets_of(rows):
    """{"region": {slug: n}, "country": {...}, "topic": {...}} from (id, region, country, topics, date) rows."""
    # Counted in C (one Counter per facet over the column): at 100,000 analyses a common word
    # matches 14,000 rows, and a Python loop over them cost 20 ms.
    return {
        "region": dict(Counter(map(itemgetter(1), rows))),
        "country": dict(Counter(map(itemgetter(2), rows))),
        "topic": dict(Counter(" ".join(map(itemgetter(3), rows)).split())),
    }


def newest_first(rows, window):
    """The rows of ``window`` (a slice) in newest-first order; ties on the date: created last first.
    Only the rows up to the window's end are sorted (a heap), not all the matches."""
    return heapq.nlargest(window.stop, rows, key=lambda row: (row[4], row[0]))[window.start :]


def find(params, node):
    """Matches of the parsed query ``node`` (None: browse, when ``params.q`` is empty) under the filters."""
    if not search_documents.enabled():
        from .wagtail_search import find as find_in_wagtail_index

        return find_in_wagtail_index(params, node)
    text = engine(connection)
    documents = filtered_documents(params, text)
    if node is None:
        rows = list(documents.values_list(*ROW_FIELDS))
    else:
        # With a rank as the sixth column where the engine computes it in the same statement.
        rows = list(text.matching_rows(documents, node, ROW_FIELDS))
    result = Matches()
    if not rows and node is not None and (wider := loosened(node)) is not None:
        rows = by_words_matched(text, documents, wider)
        if rows:
            node, result.loosened = wider, True
    if not rows:
        return result
    result.count, result.facets = len(rows), facets_of(rows)
    window = slice(params.offset, params.offset + params.limit)
    if node is None or params.sort == "newest":
        result.ids = [row[0] for row in newest_first(rows, window)]
    elif result.loosened:
        result.ids = [row[0] for row in rows[window]]
    else:
        result.ids, result.excerpts = text.ranked_page(documents, node, rows, params.offset, params.limit)
    if node is not None and result.ids and not result.excerpts:
        result.excerpts = text.excerpts(node, result.ids)
    return result


def finds_any(params, node, *, filters=True):
    """Whether any analysis matches the whole of ``node`` (never loosened), under the filters of
    ``params`` unless ``filters`` is false: one existence query ("did you mean" asks it)."""
    if node is None:
        return False
    if not search_documents.enabled():
        from .wagtail_search import finds_any as finds_any_in_wagtail_index

        return finds_any_in_wagtail_index(params if filters else SearchParams(q=params.q), node)
    text = engine(connection)
    documents = filtered_documents(params, text) if filters else SearchDocument.objects.all()
    return text.matching(documents, node).exists()


def by_words_matched(text, documents, wider):
    """The rows matching any of the words, those matching more of them first, then newest first."""
    # One statement: each row with the number of the query's words (or groups) it matches.
    hits = sum(
        (Case(When(text.condition(member), then=Value(1)), default=Value(0)) for member in wider.nodes),
        Value(0),
    )
    rows = list(text.matching(documents, wider).annotate(hits=hits).values_list(*ROW_FIELDS, "hits"))
    return sorted(rows, key=lambda row: (row[5], row[4], row[0]), reverse=True)


def ordered_counts(counts):
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
