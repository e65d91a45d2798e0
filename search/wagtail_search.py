"""Search through Wagtail's search API, for Elasticsearch (``ELASTICSEARCH_URL``).

The parsed query becomes Wagtail's query objects (``And``, ``Or``, ``Not``, ``Phrase``,
``PlainText``), which the Elasticsearch backend turns into one ``bool`` query. Elasticsearch analyses
the same fields in English (``search.elasticsearch``). A prefix (``monitor*``) is searched as the
word itself there: Wagtail's query objects have no prefix. Facets are Elasticsearch aggregations over
the keys Wagtail indexes (``AnalysisPage.search_fields``).
"""

import operator
from functools import reduce

from django.db.models import Q
from wagtail.search.query import MATCH_ALL, And, Not, Or, Phrase, PlainText

from countries.models import AnalysisPage, CountryPage, RegionPage

from . import syntax
from .snippets import highlight_pattern, make_snippet, page_text
from .syntax import loosened, positive_words


def wagtail_query(node):
    if isinstance(node, syntax.Word):
        return PlainText(node.text)
    if isinstance(node, syntax.Phrase):
        return Phrase(" ".join(node.words))
    if isinstance(node, syntax.Not):
        return Not(wagtail_query(node.node))
    members = [wagtail_query(member) for member in node.nodes]
    return (And if isinstance(node, syntax.And) else Or)(members)


def under_any(model, slugs):
    """Pages under any of the ``model`` pages with these slugs, as a filter the index can apply."""
    paths = list(model.objects.filter(slug__in=slugs).values_list("path", flat=True))
    if not paths:
        return Q(pk__in=[])
    return reduce(operator.or_, (Q(path__startswith=path) for path in paths))


def searchable_analyses(params):
    queryset = AnalysisPage.objects.live().public()
    if params.region:
        queryset = queryset.filter(under_any(RegionPage, params.region))
    if params.country:
        queryset = queryset.filter(under_any(CountryPage, params.country))
    for topic in params.topic:
        queryset = queryset.filter(topics__slug=topic)
    if params.current_from is not None:
        queryset = queryset.filter(current_as_of__gte=params.current_from)
    if params.current_to is not None:
        queryset = queryset.filter(current_as_of__lte=params.current_to)
    return queryset


def finds_any(params, node):
    return searchable_analyses(params).search(wagtail_query(node), order_by_relevance=False).count() > 0


def find(params, node):
    from .matches import Matches

    queryset = searchable_analyses(params)
    newest = queryset.order_by("-current_as_of", "-id")
    result = Matches()
    if node is None:
        matches = ordered = newest.search(MATCH_ALL, order_by_relevance=False)
    else:
        matches = queryset.search(wagtail_query(node), order_by_relevance=False)
        if not matches.count() and (wider := loosened(node)) is not None:
            node, result.loosened = wider, True
            matches = queryset.search(wagtail_query(node), order_by_relevance=False)
        ordered = (
            newest.search(wagtail_query(node), order_by_relevance=False)
            if params.sort == "newest"
            else queryset.search(wagtail_query(node), order_by_relevance=True)
        )
    result.count = matches.count()
    if not result.count:
        result.loosened = False
        return result
    result.facets = {
        "region": dict(matches.facet("region_slug")),
        "country": dict(matches.facet("country_slug")),
        "topic": dict(matches.facet("topic_slugs")),
    }
    pages = list(ordered[params.offset : params.offset + params.limit])
    result.ids = [page.pk for page in pages]
    pattern = highlight_pattern(positive_words(node)) if node is not None else None
    result.excerpts = {page.pk: make_snippet(page_text(page), pattern) for page in pages}
    return result
