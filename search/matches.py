"""The matching analyses of a search: filtered, matched, counted, faceted, one page of them ranked.

On SQLite and PostgreSQL the search documents (``search.models``) are searched through the
database's engine (``search.engines``); with Elasticsearch, Wagtail's search API is asked instead.
Either way the answer is a ``Matches``: the count, the facets, the ids of one page, their excerpts,
and whether the words were loosened.

No dead ends: when every word together finds nothing, a query of plain words is loosened to any of
them, the analyses that match more of the words first; a phrase, an exclusion or an OR means what it
says and is never loosened.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection

from countries.models import AnalysisTopic

from . import documents as search_documents
from .engines import engine
from .models import SearchDocument
from .syntax import loosened


@dataclass
class Matches:
    count: int = 0
    facets: dict = field(default_factory=lambda: {"region": {}, "country": {}, "topic": {}})
    ids: list = field(default_factory=list)
    excerpts: dict = field(default_factory=dict)
    # True when no analysis matched every word and these match some of them.
    loosened: bool = False


def filtered_documents(params):
    """The documents narrowed by the filters (several values of one filter: any of them; several
    topics: all of them)."""
    documents = SearchDocument.objects.all()
    if params.region:
        documents = documents.filter(region_slug__in=params.region)
    if params.country:
        documents = documents.filter(country_slug__in=params.country)
    for topic in params.topic:
        documents = documents.filter(pk__in=AnalysisTopic.objects.filter(tag__slug=topic).values("content_object_id"))
    if params.current_from is not None:
        documents = documents.filter(current_as_of__gte=params.current_from)
    if params.current_to is not None:
        documents = documents.filter(current_as_of__lte=params.current_to)
    return documents


def facets_of(rows):
    """{"region": {slug: n}, "country": {...}, "topic": {...}} from (id, region, country, topics, date) rows."""
    topics = Counter()
    for row in rows:
        topics.update(row[3].split())
    return {
        "region": dict(Counter(row[1] for row in rows)),
        "country": dict(Counter(row[2] for row in rows)),
        "topic": dict(topics),
    }


def newest_first(rows):
    # Ties on the date: the analysis created last first.
    return sorted(rows, key=lambda row: (row[4], row[0]), reverse=True)


def find(params, node):
    """Matches of the parsed query ``node`` (None: browse, when ``params.q`` is empty) under the filters."""
    if not search_documents.enabled():
        from .wagtail_search import find as find_in_wagtail_index

        return find_in_wagtail_index(params, node)
    text = engine(connection)
    documents = filtered_documents(params)
    matched = documents if node is None else text.matching(documents, node)
    rows = list(matched.values_list("pk", "region_slug", "country_slug", "topic_keys", "current_as_of"))
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
        result.ids = [row[0] for row in newest_first(rows)[window]]
    elif result.loosened:
        result.ids = [row[0] for row in rows[window]]
    else:
        matched_ids = {row[0] for row in rows}
        result.ids, result.excerpts = text.ranked_page(documents, node, matched_ids, params.offset, params.limit)
    if node is not None and result.ids and not result.excerpts:
        result.excerpts = text.excerpts(node, result.ids)
    return result


def by_words_matched(text, documents, wider):
    """The rows matching any of the words, those matching more of them first, then newest first."""
    rows = list(
        text.matching(documents, wider).values_list("pk", "region_slug", "country_slug", "topic_keys", "current_as_of")
    )
    if not rows:
        return rows
    hits = Counter()
    for member in wider.nodes:
        hits.update(text.matching(documents, member).values_list("pk", flat=True))
    return sorted(rows, key=lambda row: (hits[row[0]], row[4], row[0]), reverse=True)


def ordered_counts(counts):
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
