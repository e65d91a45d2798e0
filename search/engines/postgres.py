"""Full-text search on PostgreSQL, with Django's ``django.contrib.postgres.search``.

Each document's ``vector`` is its title (weight A), keywords (B) and body (C) under the ``english``
configuration, named here rather than left to the server's ``default_text_search_config``, so that
every server stems and drops stop words the same way. It is GIN-indexed (migration 0004). Queries are
``to_tsquery('english', …)`` text written by ``search.syntax.to_tsquery``; ``ts_rank`` ranks (title
five times the body, by PostgreSQL's default weights) and ``ts_headline`` marks excerpts.

A search is two statements: the count and the facets, grouped by place (``counted``), and the window
(``ranked``, or newest first from the date index). No match's row leaves the database. ``title_vector``
(the title alone, GIN-indexed) finds the candidates whose title matches when a query has too many
matches to rank them all; the table keeps its rows narrow (migration 0008). docs/search.md has the
measurements behind each choice.
"""

from collections import Counter

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least, Left, Lower, NullIf, Replace, Right, StrIndex, Substr

from ..models import SearchDocument
from ..syntax import Or, positive_terms, positive_words, to_tsquery
from . import MARK_END, MARK_START, CountedPage, marked_html

CONFIG = "english"
VECTORS = ("vector", "title_vector")
DOCUMENT_FIELDS = [
    field.name for field in SearchDocument._meta.concrete_fields if not field.primary_key and field.name not in VECTORS
]
# Above this many matches, ``ts_rank`` ranks only the candidates (``PostgresEngine.ranked``); up to it,
# every match.
CANDIDATES = 200
EXCERPT_ROW = ("pk", "body_matches", "excerpt", "opening", "closing")
# The part of the body an excerpt is written from (see headline_window).
WINDOW_BEFORE, WINDOW = 300, 1500
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
    """The title alone (weight A): what finds the candidates whose title matches (``PostgresEngine.ranked``)."""
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


def marked_query(node):
    """What an excerpt marks: any of the query's words and phrases that are not excluded. With the query
    itself, ``ts_headline`` marks nothing where the body lacks one of the words (found in the title)."""
    terms = positive_terms(node)
    return tsquery(terms[0] if len(terms) == 1 else Or(tuple(terms)))


def word_starts(node):
    """How the query's words start, as typed words are found in text: ``elections`` → ``electi``."""
    return sorted({word[: max(4, len(word) - 3)] if len(word) > 4 else word for word in positive_words(node)})


def headline_window(node):
    """The part of the body ``ts_headline`` is given: from a little before the first place where one
    of the query's words starts (found with ``strpos``, in C) for ``WINDOW`` characters. ``ts_headline``
    parses all the text it is given, and a whole body costs about a millisecond per 5 kB; a body
    without any word's start gives its beginning."""
    starts = [NullIf(StrIndex(Lower("body"), Value(start)), Value(0)) for start in word_starts(node)]
    first = starts[0] if len(starts) == 1 else Least(*starts)
    return Substr("body", Greatest(Coalesce(first, Value(1)) - Value(WINDOW_BEFORE), Value(1)), WINDOW)


def unmarked(text):
    return text.replace(MARK_START, "").replace(MARK_END, "")


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
        and the ``window`` of them best first (or newest first, and when browsing).

        Counting is one statement grouped by place; the page is another. Newest first it is the first
        rows of the date index that match (or, for a rare word, the matches sorted), no vector read but
        to test a row. Best first, see ``ranked``."""
        matched = documents if node is None else self.matching(documents, node)
        page = self.counted(matched)
        if page.count and (newest or node is None):
            page.ids = list(matched.order_by("-current_as_of", "-pk").values_list("pk", flat=True)[window])
        elif page.count:
            page.ids, page.excerpts = self.ranked(matched, node, window, page.count)
        return page

    def counted_page_by_words(self, documents, wider, window):
        """The documents matching any member of ``wider`` (an Or), those matching more of them first,
        then newest first."""
        matched = self.matching(documents, wider)
        page = self.counted(matched)
        if not page.count:
            return page
        order = [F("current_as_of").desc(), F("pk").desc()]
        if len(wider.nodes) > 2:
            # Each row counts the members it matches. With two, no row matches both (the fallback
            # comes only when none has all the words), so the order is the date's alone.
            hits = sum(
                (Case(When(self.condition(member), then=Value(1)), default=Value(0)) for member in wider.nodes),
                Value(0),
            )
            matched, order = matched.alias(hits=hits), [F("hits").desc(), *order]
        page.ids = list(matched.order_by(*order).values_list("pk", flat=True)[window])
        return page

    @staticmethod
    def counted(matched):
        """Count and facets of ``matched`` in one statement: grouped by region and country (at most a row
        per country), each group's count and its topic keys joined, counted here in C."""
        groups = list(
            matched.order_by()
            .values_list("region_slug", "country_slug")
            .annotate(n=Count("pk"), topics=StringAgg("topic_keys", delimiter=" ", default=""))
        )
        regions, countries = Counter(), Counter()
        for region, country, n, _ in groups:
            regions[region] += n
            countries[country] += n
        return CountedPage(
            count=sum(regions.values()),
            facets={
                "region": dict(regions),
                "country": dict(countries),
                "topic": dict(Counter(" ".join(topics for *_, topics in groups).split())),
            },
        )

    def ranked(self, matched, node, window, count):
        """The ``window`` of ``matched`` best first by ``ts_rank`` of ``vector``, with their excerpts.

        ``ts_rank`` reads each row's whole vector. With up to ``CANDIDATES`` matches every match is
        ranked. With more (a common word in a large corpus: 14,000 rows at 100,000 analyses), only the
        candidates are: the ``CANDIDATES`` most recent matches and the ``CANDIDATES`` most recent whose
        title matches (from the date index, or for a rare word from the GIN indexes); the other matches
        follow them, newest first, so that pages neither overlap nor skip."""
        query = tsquery(node)
        if count <= CANDIDATES:
            candidates = matched
        else:
            newest = matched.order_by("-current_as_of", "-pk").values("pk")[:CANDIDATES]
            titled = matched.filter(title_vector=query).order_by("-current_as_of", "-pk").values("pk")[:CANDIDATES]
            candidates = SearchDocument.objects.filter(pk__in=newest.union(titled))
        ranked = candidates.annotate(rank=SearchRank(F("vector"), query)).order_by("-rank", "-pk")
        if count <= CANDIDATES or window.stop <= CANDIDATES:
            # PostgreSQL writes the headlines after the LIMIT: for the window's rows only.
            rows = list(ranked.annotate(**self.excerpt_columns(node)).values_list(*EXCERPT_ROW)[window])
            return [row[0] for row in rows], self.marked(rows, node)
        order = list(ranked.values_list("pk", flat=True))
        rest = matched.exclude(pk__in=order).order_by("-current_as_of", "-pk").values_list("pk", flat=True)
        tail = rest[max(0, window.start - len(order)) : window.stop - len(order)] if window.stop > len(order) else []
        return order[window] + list(tail), {}

    @staticmethod
    def body_matches(documents, node):
        """``documents`` with ``found``: whether the body's part of ``vector`` (weight C) has any of the words."""
        body_vector = Func(F("vector"), Value("{c}"), function="ts_filter", output_field=SearchVectorField())
        return documents.alias(body_vector=body_vector).annotate(
            found=ExpressionWrapper(Q(body_vector=marked_query(node)), output_field=BooleanField())
        )

    def excerpt_columns(self, node, *, whole=False):
        headline = SearchHeadline(
            hidden_markup(F("body") if whole else headline_window(node)),
            marked_query(node),
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
            # Whether the body (weight C of the stored vector) has any of the words: where it has and
            # the window's excerpt marks none, the excerpt is written again from the whole body.
            "body_matches": Value(False) if whole else Subquery(self.body_matches(same, node).values("found")[:1]),
            "excerpt": headline,
            "opening": Subquery(same.annotate(edge=Left("body", EDGE)).values("edge")[:1]),
            "closing": Subquery(same.annotate(edge=Right("body", EDGE)).values("edge")[:1]),
        }

    def excerpts(self, node, ids, *, whole=False):
        rows = (
            SearchDocument.objects.filter(pk__in=list(ids))
            .annotate(**self.excerpt_columns(node, whole=whole))
            .values_list(*EXCERPT_ROW)
        )
        return self.marked(rows, node=None if whole else node)

    def marked(self, rows, node=None):
        """The rows' excerpts as HTML. Those written from a window of the body (``node`` given) that
        mark no word although the body has one (in a form that does not start as typed: "city" for
        "cities") are written again from the whole body."""
        excerpts, unmarked_ids = {}, []
        for pk, body_matches, excerpt, opening, closing in rows:
            if node is not None and body_matches and MARK_START not in excerpt:
                unmarked_ids.append(pk)
                continue
            excerpt = restored_markup(excerpt)
            text = unmarked(excerpt)
            excerpts[pk] = marked_html(
                excerpt, starts_text=text.startswith(opening[:20]), ends_text=text.endswith(closing[-20:])
            )
        if unmarked_ids:
            excerpts.update(self.excerpts(node, unmarked_ids, whole=True))
        return excerpts
