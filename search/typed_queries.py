"""Typed search text is cut down to plain words before any search backend parses it.

Wagtail's ``?search=`` on ``/api/v3/pages/``, ``/images/`` and ``/documents/`` (and the admin's search
box) hand the typed string straight to the backend, whose parsers fail on NUL, on whitespace-only
input, on an unbalanced ``"`` (SQLite FTS5: "unterminated string") and on a lone ``-`` (PostgreSQL:
``ts_rank(real[], tsvector, text) does not exist``). The backends here pass every string query
through ``search.params.plain_words``, the same path as the project's own search, so there is one
rule for what a typed query means. Wagtail's admin wraps the typed text in a ``PlainText`` or a
``Phrase`` first (``parse_query_string``), so the text inside those is cleaned too; other query
objects are built by code, not typed, and pass unchanged.
"""

from functools import cache

from modelsearch.query import Phrase, PlainText

from .params import plain_words


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


class TypedQueryGuard:
    """Mixin for a Wagtail/modelsearch search backend class (before the backend in the bases)."""

    def search(self, query, model_or_queryset, *args, **kwargs):
        return super().search(guarded_query(query), model_or_queryset, *args, **kwargs)

    def autocomplete(self, query, model_or_queryset, *args, **kwargs):
        return super().autocomplete(guarded_query(query), model_or_queryset, *args, **kwargs)


@cache
def guarded(backend_class):
    """``backend_class`` with ``TypedQueryGuard`` in front of it (one class per backend class)."""
    return type(backend_class.__name__, (TypedQueryGuard, backend_class), {"__module__": __name__})
