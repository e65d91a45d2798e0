"""Typed search text is cut down to plain words before any search backend parses it.

Wagtail's ``?search=`` on ``/api/v3/pages/``, ``/images/`` and ``/documents/`` (and the admin's search
box) hand the typed string straight to the backend, whose parsers fail on NUL, on whitespace-only
input, on an unbalanced ``"`` (SQLite FTS5: "unterminated string") and on a lone ``-`` (PostgreSQL:
``ts_rank(real[], tsvector, text) does not exist``). The backends here pass every string query
through ``search.params.plain_words``, the same path as the project's own search, so there is one
rule for what a typed query means. A query built from query objects (``PlainText``, ``Phrase`` ...)
by the project's own code is already safe and passes unchanged.
"""

from functools import cache

from .params import plain_words


class TypedQueryGuard:
    """Mixin for a Wagtail/modelsearch search backend class (before the backend in the bases)."""

    def search(self, query, model_or_queryset, *args, **kwargs):
        if isinstance(query, str):
            query = plain_words(query)  # "" gives modelsearch's empty results
        return super().search(query, model_or_queryset, *args, **kwargs)

    def autocomplete(self, query, model_or_queryset, *args, **kwargs):
        if isinstance(query, str):
            query = plain_words(query)
        return super().autocomplete(query, model_or_queryset, *args, **kwargs)


@cache
def guarded(backend_class):
    """``backend_class`` with ``TypedQueryGuard`` in front of it (one class per backend class)."""
    return type(backend_class.__name__, (TypedQueryGuard, backend_class), {"__module__": __name__})
