"""Full-text search on PostgreSQL, with Django's ``django.contrib.postgres.search``.

Each document's ``vector`` is its title (weight A), keywords (B) and body (C) under the ``english``
configuration, named here rather than left to the server's ``default_text_search_config``, so that
every server stems and drops stop words the same way. It is GIN-indexed (migration 0004). Queries are
``to_tsquery('english', …)`` text written by ``search.syntax.to_tsquery``; ``ts_rank`` ranks (title
five times the body, by PostgreSQL's default weights) and ``ts_headline`` marks excerpts.
"""

import heapq
from collections import Counter
from itertools import islice, repeat

from django.contrib.postgres.aggregates import ArrayAgg, StringAgg
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db.models import Case, Count, F, Func, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Left, Replace, Right

from ..models import SearchDocument
from ..syntax import to_tsquery
from . import MARK_END, MARK_START, CountedPage, marked_html

CONFIG = "english"
VECTORS = ("vector", "title_vector")
DOCUMENT_FIELDS = [
    field.name for field in SearchDocument._meta.concrete_fields if not field.primary_key and field.name not in VECTORS
]
# Above this many matches, ``vector`` ranks only the candidates that the title ranks first (see
# ``PostgresEngine.counted_page``); up to it, every match is ranked.
CANDIDATES = 200
# How much of the body's start and end an excerpt is compared with, to tell whether it was cut.
EDGE = 40


def vector_of(document):
    """The document's ``vector``: its title (weight A), keywords (B) and body (C)."""
    return (
        SearchVector(Value(document.title), weight="A", config=CONFIG)
        + SearchVector(Value(document.keywords), weight="B", config=CONFIG)
        + SearchVector(Value(document.body), weight="C", config=CONFIG)
    )


def title_vector(title):
    """The title alone (weight A), which orders the candidates for ranking."""
    return SearchVector(title, weight="A", config=CONFIG)


def tsquery(node):
    return SearchQuery(to_tsquery(node), search_type="raw", config=CONFIG)


# ts_headline drops what its parser reads as markup ("<b>", "&lt;") from the excerpt; the body is
# plain text, so its "<" and "&" go in as control characters (never in a document) and come back.
HIDDEN = {"<": "\x04", "&": "\x05"}


def hidden_markup(expression):
    for character, stand_in in HIDDEN.items():
        expression = Replace(expression, Value(character), Value(stand_in))
    return expression


def restored_markup(text):
    for character, stand_in in HIDDEN.items():
        text = text.replace(stand_in, character)
    return text


def unmarked(text):
    return text.replace(MARK_START, "").replace(MARK_END, "")


def head(array, n):
    """The first ``n`` elements of an array expression (PostgreSQL's ``array[1:n]``)."""
    return Func(array, template="(%(expressions)s)[1:%(n)s]", n=int(n))


def topic_array():
    """A document's topic slugs as an array: what the topic filter asks "contains" of, through the GIN
    index on the same expression (migration 0006)."""
    return Func(F("topic_keys"), Value(" "), function="string_to_array", output_field=ArrayField(TextField()))


class PostgresEngine:
    def __init__(self, connection):
        self.connection = connection

    def with_topic(self, documents, slug):
        return documents.alias(topic_array=topic_array()).filter(topic_array__contains=[slug])

    def write(self, documents):
        """Insert or update the documents with their vectors in one statement: the vectors are computed
        by PostgreSQL from the same text as the columns (an UPDATE afterwards would write every row
        twice, leaving half of the table dead until it is vacuumed)."""
        if not documents:
            return
        for document in documents:
            document.vector = vector_of(document)
            document.title_vector = title_vector(Value(document.title))
        SearchDocument.objects.bulk_create(
            documents, update_conflicts=True, unique_fields=["page"], update_fields=[*DOCUMENT_FIELDS, *VECTORS]
        )

    def remove(self, ids):
        SearchDocument.objects.filter(pk__in=list(ids)).delete()

    def condition(self, node):
        """A ``Q`` true for the documents matching ``node``."""
        return Q(vector=tsquery(node))

    def matching(self, documents, node):
        return documents.filter(self.condition(node))

    def counted_page(self, documents, node, *, newest, window):
        """The matches of ``node`` (None: every document) among ``documents``, counted with their facets,
        and the ``window`` of them best first (or newest first).

        Newest first (and browsing), the counting statement also orders the page. Best first, it picks
        candidates instead: up to ``CANDIDATES`` matches ordered by ``ts_rank`` of the title alone (a
        small vector kept in the row), ties the last created first; a second statement ranks those by ``ts_rank``
        of the whole ``vector`` and writes the page's excerpts. With no more matches than that, every
        match is a candidate and the order is exactly ``ts_rank``'s; with more (a common word in a large
        corpus), reading every match's ``vector`` to rank it would cost more than the rest of the
        search. A window past the candidates continues in the candidates' order."""
        if node is None:
            return self.grouped(documents, [F("current_as_of")], window)
        query = tsquery(node)
        documents = documents.filter(vector=query)
        if newest:
            return self.grouped(documents, [F("current_as_of")], window)
        page = self.grouped(documents, [SearchRank(F("title_vector"), query)], slice(0, max(CANDIDATES, window.stop)))
        candidates, page.ids = page.ids, []
        if window.start < CANDIDATES:
            rows = list(
                SearchDocument.objects.filter(pk__in=candidates[:CANDIDATES])
                .annotate(rank=SearchRank(F("vector"), query), **self.excerpt_columns(node))
                .order_by("-rank", "-pk")
                .values_list("pk", "excerpt", "opening", "closing")[window.start : window.stop]
            )
            page.ids = [row[0] for row in rows]
            page.excerpts = self.marked(rows)
        page.ids += candidates[max(window.start, CANDIDATES) : window.stop]
        return page

    def counted_page_by_words(self, documents, wider, window):
        """The documents matching any member of ``wider`` (an Or), those matching more of them first,
        then newest first: each row counts the members it matches in the statement that counts them."""
        hits = sum(
            (Case(When(self.condition(member), then=Value(1)), default=Value(0)) for member in wider.nodes),
            Value(0),
        )
        # Grouped by: a row's count is worked out once (each use of an expression in the aggregates would
        # test the vector again), and within a group the order is by date alone.
        return self.grouped(self.matching(documents, wider), [F("current_as_of")], window, by=hits)

    def grouped(self, documents, keys, window, by=None):
        """Count, facets and a window of ``documents`` ordered by ``keys`` (descending, then the id), in one
        statement: the matches grouped by place (at most one row per country; with ``by``, an expression
        ordered before the keys, also by its value), each group with its count, its topic keys joined and
        its first ``window.stop`` ids in order with their keys. The page is the best of the groups' heads,
        merged here; no match's row leaves the database."""
        ordering = [key.desc() for key in keys] + [F("pk").desc()]
        top = window.stop
        places = ["region_slug", "country_slug"]
        if by is not None:
            documents = documents.annotate(by=by)
            places.append("by")
        columns = {
            "n": Count("pk"),
            "topics": StringAgg("topic_keys", delimiter=" ", default=""),
            "ids": head(ArrayAgg("pk", order_by=ordering), top),
            **{f"key{i}": head(ArrayAgg(key, order_by=ordering), top) for i, key in enumerate(keys)},
        }
        groups = list(documents.order_by().values(*places).annotate(**columns))
        if not groups:
            return CountedPage()
        regions, countries = Counter(), Counter()
        for group in groups:
            regions[group["region_slug"]] += group["n"]
            countries[group["country_slug"]] += group["n"]
        # Each group's head is in order already: merged lazily, only the window's end is read.
        heads = heapq.merge(
            *(
                zip(
                    *([repeat(group["by"])] if by is not None else []),
                    *(group[f"key{i}"] for i in range(len(keys))),
                    group["ids"],
                    strict=False,  # repeat() is endless; the arrays are of one length
                )
                for group in groups
            ),
            reverse=True,
        )
        return CountedPage(
            count=sum(group["n"] for group in groups),
            facets={
                "region": dict(regions),
                "country": dict(countries),
                "topic": dict(Counter(" ".join(group["topics"] for group in groups).split())),
            },
            ids=[row[-1] for row in islice(heads, window.start, top)],
        )

    def excerpt_columns(self, node):
        headline = SearchHeadline(
            hidden_markup(F("body")),
            tsquery(node),
            config=CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=36,
            min_words=20,
            max_fragments=1,
        )
        # As subqueries, not plain LEFT()/RIGHT(): PostgreSQL would compute cheap expressions for every
        # match before sorting, reading every matching body (a third of the statement's time).
        same = SearchDocument.objects.filter(pk=OuterRef("pk"))
        return {
            "excerpt": headline,
            "opening": Subquery(same.annotate(edge=Left("body", EDGE)).values("edge")[:1]),
            "closing": Subquery(same.annotate(edge=Right("body", EDGE)).values("edge")[:1]),
        }

    def excerpts(self, node, ids):
        rows = (
            SearchDocument.objects.filter(pk__in=list(ids))
            .annotate(**self.excerpt_columns(node))
            .values_list("pk", "excerpt", "opening", "closing")
        )
        return self.marked(rows)

    def marked(self, rows):
        excerpts = {}
        for pk, excerpt, opening, closing in rows:
            excerpt = restored_markup(excerpt)
            text = unmarked(excerpt)
            excerpts[pk] = marked_html(
                excerpt, starts_text=text.startswith(opening[:20]), ends_text=text.endswith(closing[-20:])
            )
        return excerpts
