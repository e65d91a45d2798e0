"""Typed search text on Wagtail's own search (the pages API's ``?search=``, the admin's search box).

- The pages API's ``?search=`` is a thin alias of ``/api/v3/search/`` for analyses: on the database
  backends the typed text is parsed by ``search.syntax`` (phrases, exclusions, OR, brackets,
  prefixes) and analyses are matched in the search documents with English stemming, exactly as the
  site search matches them. Other page types (countries, regions) are matched by Wagtail's index,
  on the query's words. Results keep the listing's order (``order``, or by id): ranking, facets,
  excerpts and the "some of the words" fallback are ``/api/v3/search/``'s.
- Everything else reaches the backend cut down to plain words: the backends' own parsers fail on
  NUL, on whitespace-only input, on an unbalanced ``"`` (SQLite FTS5: "unterminated string") and on
  a lone ``-`` (PostgreSQL: ``ts_rank(real[], tsvector, text) does not exist``). Wagtail's admin wraps
  the typed text in a ``PlainText`` or a ``Phrase`` first (``parse_query_string``), so the text inside
  those is cleaned too; other query objects are built by code, not typed, and pass unchanged.
"""

from functools import cache

from django.db import connection
from django.db.models import Q, QuerySet
from modelsearch.query import Phrase, PlainText

from .params import clean_query, plain_words


def guarded_query(query):
    if isinstance(query, str):
        return plain_words(query)  # "" gives modelsearch's empty results
    if isinstance(query, PlainText | Phrase):
        words = plain_words(query.query_string)
        if not words:
            return ""  # an empty PlainText made modelsearch build no match at all (a 500)
        if isinstance(query, Phrase):
            return Phrase(words)
        return PlainText(words, operator=query.operator, boost=query.boost)
    return query


def analyses_matching(text, queryset):
    """For a queryset of analyses: it narrowed to those whose documents match the typed ``text``. For
    one of pages of any type: (the queryset, the matching analyses' ids, the words of the query for
    the other types). None when ``text`` has nothing to search for."""
    from countries.models import AnalysisPage

    from .engines import engine
    from .models import SearchDocument
    from .syntax import parse, positive_words

    node = parse(clean_query(text))
    if node is None:
        return None
    matched = engine(connection).matching(SearchDocument.objects.all(), node).values("pk")
    if issubclass(queryset.model, AnalysisPage):
        return queryset.filter(pk__in=matched)
    return queryset, matched, " ".join(positive_words(node))


class TypedQueryGuard:
    """Mixin for a Wagtail/modelsearch search backend class (before the backend in the bases)."""

    # Only the database backends: with Elasticsearch, Wagtail's index holds the analyses.
    documents_searched = False

    def search(self, query, model_or_queryset, *args, **kwargs):
        if self.documents_searched and isinstance(query, str) and not args and not kwargs.get("fields"):
            return self.search_typed(query, model_or_queryset, **kwargs)
        return super().search(guarded_query(query), model_or_queryset, *args, **kwargs)

    def search_typed(self, text, model_or_queryset, **kwargs):
        # Here, not at the top: Wagtail imports backends while settings load, before the models.
        from countries.models import AnalysisPage

        queryset = model_or_queryset
        if not isinstance(queryset, QuerySet):
            queryset = queryset._default_manager.all()
        model = queryset.model
        if not (issubclass(model, AnalysisPage) or issubclass(AnalysisPage, model)):
            return super().search(guarded_query(text), model_or_queryset, **kwargs)
        found = analyses_matching(text, queryset)
        if found is None:
            return super().search("", model_or_queryset, **kwargs)
        if isinstance(found, QuerySet):
            return found
        pages, matched, words = found
        others = super().search(
            words, pages.not_type(AnalysisPage).order_by(), order_by_relevance=False, operator="and"
        )
        return pages.filter(Q(pk__in=matched) | Q(pk__in=[page.pk for page in others]))

    def autocomplete(self, query, model_or_queryset, *args, **kwargs):
        return super().autocomplete(guarded_query(query), model_or_queryset, *args, **kwargs)


@cache
def guarded(backend_class, documents_searched=False):
    """``backend_class`` with ``TypedQueryGuard`` in front of it (one class per backend class)."""
    return type(
        backend_class.__name__,
        (TypedQueryGuard, backend_class),
        {"__module__": __name__, "documents_searched": documents_searched},
    )
