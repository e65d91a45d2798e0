"""The one seam between the search service and a database's full-text search.

An engine is small: it writes and removes documents (``search.models.SearchDocument``), finds the
documents matching a parsed query (``search.syntax``), ranks one page of them and marks the matched
words in their excerpts (``ranked_page``; ``excerpts`` alone for pages ordered otherwise). Everything
else (filters, counts, facets, the "some of the words" fallback, suggestions) is the service's, on
plain querysets of documents, the same on every database.

- ``sqlite``: FTS5, with SQL as SQLite documents it (https://sqlite.org/fts5.html);
- ``postgres``: Django's ``SearchVector``, ``SearchQuery``, ``SearchRank`` and ``SearchHeadline``.

With Elasticsearch the service searches through Wagtail's search API instead (``search.matches``).
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

# The engines mark matched words with these (documents never contain control characters).
MARK_START, MARK_END = "\x02", "\x03"


def engine(connection):
    if connection.vendor == "postgresql":
        from .postgres import PostgresEngine

        return PostgresEngine(connection)
    if connection.vendor == "sqlite":
        from .sqlite import SQLiteEngine

        return SQLiteEngine(connection)
    raise NotImplementedError(f"No full-text search engine for {connection.vendor}; use Elasticsearch.")


def marked_html(excerpt, *, starts_text=True, ends_text=True):
    """An engine's excerpt as HTML: the text escaped, the marked words in <mark>, nothing else."""
    pieces = []
    for i, piece in enumerate(" ".join(excerpt.split()).split(MARK_START)):
        marked, _, rest = piece.rpartition(MARK_END) if i else ("", "", piece)
        if marked:
            pieces.append(f"<mark>{escape(marked.replace(MARK_END, ''))}</mark>")
        pieces.append(escape(rest.replace(MARK_END, "")))
    prefix = "" if starts_text else "… "
    suffix = "" if ends_text else " …"
    return mark_safe(prefix + "".join(pieces).strip() + suffix)  # noqa: S308 - every piece escaped above
