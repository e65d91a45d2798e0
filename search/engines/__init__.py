"""The one seam between the search service and a database's full-text search.

An engine is small: it writes and removes documents (``search.models.SearchDocument``), finds the
documents matching a parsed query (``search.syntax``; ``condition``, ``matching``), counts them with
their facets and picks one window of them in order (``counted_page``, and ``counted_page_by_words`` for
the "some of the words" fallback), and marks the matched words in the page's excerpts (``excerpts``).
The filters, the fallback's rules and the suggestions are the service's, on plain querysets of
documents, the same on every database.

- ``sqlite``: FTS5, with SQL as SQLite documents it (https://sqlite.org/fts5.html);
- ``postgres``: Django's ``SearchVector``, ``SearchQuery``, ``SearchRank`` and ``SearchHeadline``.

With Elasticsearch the service searches through Wagtail's search API instead (``search.matches``).
"""

import heapq
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter

from django.utils.html import escape
from django.utils.safestring import mark_safe

# The engines mark matched words with these (documents never contain control characters).
MARK_START, MARK_END = "\x02", "\x03"


@dataclass
class CountedPage:
    """What an engine answers for a search: how many documents match, their facets, the ids of one
    window of them in order and (where the engine writes them with the page) the page's excerpts."""

    count: int = 0
    facets: dict = field(default_factory=lambda: {"region": {}, "country": {}, "topic": {}})
    ids: list = field(default_factory=list)
    excerpts: dict = field(default_factory=dict)


# What an engine that counts in Python reads of every match: the id, the facet keys and the date.
ROW_FIELDS = ("pk", "region_slug", "country_slug", "topic_keys", "current_as_of")


def facets_of(rows):
    """{"region": {slug: n}, "country": {...}, "topic": {...}} from (id, region, country, topics, date) rows."""
    # Counted in C (one Counter per facet over the column), not in a Python loop over the rows.
    return {
        "region": dict(Counter(map(itemgetter(1), rows))),
        "country": dict(Counter(map(itemgetter(2), rows))),
        "topic": dict(Counter(" ".join(map(itemgetter(3), rows)).split())),
    }


def newest_first(rows, window):
    """The rows of ``window`` (a slice) in newest-first order; ties on the date: created last first.
    Only the rows up to the window's end are sorted (a heap), not all the matches."""
    return heapq.nlargest(window.stop, rows, key=lambda row: (row[4], row[0]))[window.start :]


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
