"""The matching analyses of a search: filtered, matched, counted, faceted, one page of them ranked.

On SQLite and PostgreSQL the search documents (``search.models``) are searched through the
database's engine (``search.engines``); with Elasticsearch, Wagtail's search API is asked instead.
Either way the answer is a ``Matches``: the count, the facets, the ids of one page, their excerpts,
and whether the words were loosened.

No dead ends: when every word together finds nothing, a query of plain words is loosened to any of
them, the analyses that match more of the words first; a phrase, an exclusion or an OR means what it
says and is never loosened.
"""

from dataclasses import dataclass, field

from django.db import connection

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


def find(params, node):
    """Matches of the parsed query ``node`` (None: browse, when ``params.q`` is empty) under the filters."""
    if not search_documents.enabled():
        from .wagtail_search import find as find_in_wagtail_index

        return find_in_wagtail_index(params, node)
    text = engine(connection)
    documents = filtered_documents(params, text)
    window = slice(params.offset, params.offset + params.limit)
    page = text.counted_page(documents, node, newest=node is None or params.sort == "newest", window=window)
    result = Matches()
    if not page.count and node is not None and (wider := loosened(node)) is not None:
        page = text.counted_page_by_words(documents, wider, window)
        if page.count:
            node, result.loosened = wider, True
    if not page.count:
        return result
    result.count, result.facets, result.ids = page.count, page.facets, page.ids
    result.excerpts = page.excerpts
    missing = [pk for pk in result.ids if pk not in result.excerpts]
    if node is not None and missing:
        result.excerpts = {**result.excerpts, **text.excerpts(node, missing)}
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


def ordered_counts(counts):
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
