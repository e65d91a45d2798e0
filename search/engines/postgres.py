"""Full-text search on PostgreSQL, with Django's ``django.contrib.postgres.search``.

Each document's ``vector`` is its title (weight A), keywords (B) and body (C) under the ``english``
configuration, named here rather than left to the server's ``default_text_search_config``, so that
every server stems and drops stop words the same way. It is GIN-indexed (migration 0004). Queries are
``to_tsquery('english', …)`` text written by ``search.syntax.to_tsquery``; ``ts_rank`` ranks (title
five times the body, by PostgreSQL's default weights) and ``ts_headline`` marks excerpts.
"""

import heapq

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db.models import F, Func, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Left, Replace, Right

from ..models import SearchDocument
from ..syntax import to_tsquery
from . import MARK_END, MARK_START, marked_html

CONFIG = "english"
DOCUMENT_FIELDS = [
    field.name for field in SearchDocument._meta.concrete_fields if not field.primary_key and field.name != "vector"
]
# How much of the body's start and end an excerpt is compared with, to tell whether it was cut.
EDGE = 40


def vector():
    return (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("keywords", weight="B", config=CONFIG)
        + SearchVector("body", weight="C", config=CONFIG)
    )


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
        if not documents:
            return
        SearchDocument.objects.bulk_create(
            documents, update_conflicts=True, unique_fields=["page"], update_fields=DOCUMENT_FIELDS
        )
        SearchDocument.objects.filter(pk__in=[d.page_id for d in documents]).update(vector=vector())

    def remove(self, ids):
        SearchDocument.objects.filter(pk__in=list(ids)).delete()

    def condition(self, node):
        """A ``Q`` true for the documents matching ``node``."""
        return Q(vector=tsquery(node))

    def matching(self, documents, node):
        return documents.filter(self.condition(node))

    def matching_rows(self, documents, node, fields):
        """The matches' ``fields`` and their rank, in the statement that finds them: the bitmap scan
        of the matches is done once, not again to rank them."""
        query = tsquery(node)
        return documents.filter(vector=query).annotate(rank=SearchRank(F("vector"), query)).values_list(*fields, "rank")

    def ranked_page(self, documents, node, rows, offset, limit):
        """One page of the matching ``rows`` (ranked by ``matching_rows``), best first, and their excerpts."""
        best = heapq.nsmallest(offset + limit, rows, key=lambda row: (-row[-1], -row[0]))[offset:]
        ids = [row[0] for row in best]
        return ids, self.excerpts(node, ids) if ids else {}

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
