"""Full-text search on SQLite: FTS5 (https://sqlite.org/fts5.html).

The documents' text lives in the FTS5 table ``search_text`` (migration 0004), tokenised by
``porter unicode61 remove_diacritics 2``: English stemming ("restriction" finds "Restrictions"), any
script, accents folded. Stop words are dropped from queries by ``search.syntax`` (FTS5 has no list).
Its rowid is the document's page id. Queries are FTS5 expressions written by ``search.syntax.to_fts5``;
``bm25()`` ranks with the columns weighted title 6, keywords 3, body 1; ``snippet()`` marks excerpts.
"""

from django.db.models import Case, F, FloatField, Func, Q, TextField, Value, When

from ..models import SearchDocument, SearchText
from ..syntax import to_fts5
from . import MARK_END, MARK_START, ROW_FIELDS, CountedPage, facets_of, marked_html, newest_first

# bm25() weights, in the table's column order.
COLUMN_WEIGHTS = {"title": 6.0, "keywords": 3.0, "body": 1.0}
BODY_COLUMN = list(COLUMN_WEIGHTS).index("body")
EXCERPT_TOKENS = 36
DOCUMENT_FIELDS = [field.name for field in SearchDocument._meta.concrete_fields if not field.primary_key]
# SQLite allows a few thousand parameters per statement; ids are written and removed in slices.
SLICE = 500


class BM25(Func):
    """FTS5's bm25() of the row: lower is better."""

    function = "bm25"
    output_field = FloatField()

    def __init__(self):
        super().__init__(F("table"), *(Value(weight) for weight in COLUMN_WEIGHTS.values()))


class Snippet(Func):
    """FTS5's snippet() of the body, matched words between the marks, '…' where the text is cut."""

    function = "snippet"
    output_field = TextField()

    def __init__(self):
        super().__init__(
            F("table"), Value(BODY_COLUMN), Value(MARK_START), Value(MARK_END), Value("…"), Value(EXCERPT_TOKENS)
        )


class SQLiteEngine:
    def __init__(self, connection):
        self.connection = connection

    def write(self, documents):
        if not documents:
            return
        SearchDocument.objects.bulk_create(
            documents, update_conflicts=True, unique_fields=["page"], update_fields=DOCUMENT_FIELDS
        )
        ids = [document.page_id for document in documents]
        with self.connection.cursor() as cursor:
            self._remove_text(cursor, ids)
            cursor.executemany(
                "INSERT INTO search_text (rowid, title, keywords, body) VALUES (%s, %s, %s, %s)",
                [(d.page_id, d.title, d.keywords, d.body) for d in documents],
            )

    def remove(self, ids):
        ids = list(ids)
        for start in range(0, len(ids), SLICE):
            SearchDocument.objects.filter(pk__in=ids[start : start + SLICE]).delete()
        with self.connection.cursor() as cursor:
            self._remove_text(cursor, ids)

    @staticmethod
    def _remove_text(cursor, ids):
        for start in range(0, len(ids), SLICE):
            part = ids[start : start + SLICE]
            cursor.execute(f"DELETE FROM search_text WHERE rowid IN ({', '.join(['%s'] * len(part))})", part)  # noqa: S608

    @staticmethod
    def with_topic(documents, slug):
        from countries.models import AnalysisTopic

        return documents.filter(pk__in=AnalysisTopic.objects.filter(tag__slug=slug).values("content_object_id"))

    @staticmethod
    def text_matching(node):
        return SearchText.objects.filter(table__matches=to_fts5(node))

    def condition(self, node):
        """A ``Q`` true for the documents matching ``node``."""
        return Q(pk__in=self.text_matching(node).values("rowid"))

    def matching(self, documents, node):
        return documents.filter(self.condition(node))

    def counted_page(self, documents, node, *, newest, window):
        """The matches of ``node`` (None: every document) among ``documents``, counted with their facets,
        and the ``window`` of them best first (or newest first).

        Every match's id, facet keys and date are read in one statement and counted here, in C. FTS5
        ranks every text match (bm25 is negative: lowest first) and the filters are applied here, in
        Python, to ids already held: a ``rowid IN (subquery)`` constraint would make SQLite run the
        full-text query once per candidate row. The snippets are a second statement, for the page only
        (SQLite would build one for every match before sorting)."""
        matched = documents if node is None else self.matching(documents, node)
        rows = list(matched.values_list(*ROW_FIELDS))
        if not rows:
            return CountedPage()
        page = CountedPage(count=len(rows), facets=facets_of(rows))
        if newest:
            page.ids = [row[0] for row in newest_first(rows, window)]
            return page
        ranked = (
            self.text_matching(node).annotate(score=BM25()).order_by("score", "-rowid").values_list("rowid", flat=True)
        )
        matched_ids = {row[0] for row in rows}
        page.ids = [pk for pk in ranked.iterator() if pk in matched_ids][window]
        page.excerpts = self.excerpts(node, page.ids) if page.ids else {}
        return page

    def counted_page_by_words(self, documents, wider, window):
        """The documents matching any member of ``wider`` (an Or), those matching more of them first,
        then newest first: each row counts the members it matches in the statement that finds it."""
        hits = sum(
            (Case(When(self.condition(member), then=Value(1)), default=Value(0)) for member in wider.nodes),
            Value(0),
        )
        rows = list(self.matching(documents, wider).annotate(hits=hits).values_list(*ROW_FIELDS, "hits"))
        if not rows:
            return CountedPage()
        rows.sort(key=lambda row: (row[5], row[4], row[0]), reverse=True)
        return CountedPage(count=len(rows), facets=facets_of(rows), ids=[row[0] for row in rows[window]])

    def excerpts(self, node, ids):
        rows = self.text_matching(node).filter(rowid__in=list(ids)).annotate(excerpt=Snippet())
        return {pk: marked_html(excerpt) for pk, excerpt in rows.values_list("rowid", "excerpt")}
