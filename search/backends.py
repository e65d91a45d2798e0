"""Wagtail's database search backend, with fixes to its SQLite and PostgreSQL flavours.

- Ranking: modelsearch calls FTS5's ``bm25()`` without column weights, so a word in an analysis's
  title counts no more than the same word deep in its body (PostgreSQL weights fields by their
  ``boost``; Elasticsearch by boosted copies of each field). Here the title column weighs most.
- Speed: to order by relevance modelsearch annotates every candidate row with a correlated subquery
  that runs the FTS match again, which grows with the square of the matches (over a second at 1,000
  analyses); and even unordered matches are selected through a subquery that scores each of them.
  Here one page of ranked results is a single FTS query for the best ids, restricted to the page's
  queryset, and the set of all matches (for counts and facets) is an unscored FTS subquery.

PostgreSQL: modelsearch matches through a join from every candidate page to its index entry on
``object_id = page_id::varchar``, which makes PostgreSQL read all pages and all index entries of the
model (the join cannot use an index), and ranks the matches after that join. Here the GIN-indexed
match on the index entries runs first and alone, the pages are joined by primary key to what it
found, and one page of ranked results ranks only index entries (bench/search.py: see the README).

Other databases get Wagtail's backend unchanged.
"""

from functools import cache

from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

# Column order of modelsearch's FTS5 table: (autocomplete, body, title).
COLUMN_WEIGHTS = (0.0, 1.0, 6.0)


@cache
def weighted_sqlite_compiler():
    # Imported here: the SQLite modules look up SQLite-only models that other databases lack.
    from django.db.models import IntegerField
    from django.db.models.functions import Cast
    from modelsearch.backends.database.sqlite.query import BM25, MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import IndexEntry, SQLiteFTSIndexEntry, SQLiteSearchQueryCompiler
    from modelsearch.query import MatchAll, Not, Phrase, PlainText
    from modelsearch.utils import get_descendants_content_types_pks

    class WeightedBM25(BM25):
        def as_sql(self, compiler, connection, function=None, template=None):
            weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS)
            return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})", []

    class WeightedSQLiteQueryCompiler(SQLiteSearchQueryCompiler):
        def build_tsrank(self, vector, query, config=None, boost=1.0):
            if isinstance(query, (Phrase, PlainText, Not)):
                return WeightedBM25() * boost if boost != 1.0 else WeightedBM25()
            return super().build_tsrank(vector, query, config=config, boost=boost)

        def fts_matches(self, query, config):
            """The FTS entries of this model matching ``query``, with the object's pk as an integer."""
            match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config))
            return (
                SQLiteFTSIndexEntry.objects.filter(match)
                .filter(index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model))
                .annotate(object_pk=Cast("index_entry__object_id", IntegerField()))
            )

        def search(self, config, start, stop, score_field=None):
            query = normalize(self.query)
            if score_field is not None or isinstance(query, (MatchAll, Not)):
                return super().search(config, start, stop, score_field=score_field)
            if not self.order_by_relevance:
                # All matches as a queryset (for counts and facets), without scoring each of them. The
                # FTS match is its own subquery so that SQLite runs it once, not once per index entry.
                match = MatchExpression(
                    self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
                )
                matched_entries = (
                    IndexEntry.objects.filter(
                        pk__in=SQLiteFTSIndexEntry.objects.filter(match).values("index_entry_id"),
                        content_type__in=get_descendants_content_types_pks(self.queryset.model),
                    )
                    .annotate(object_pk=Cast("object_id", IntegerField()))
                    .values("object_pk")
                )
                queryset = self.queryset.filter(pk__in=matched_entries)
                if not queryset.query.order_by:
                    queryset = queryset.order_by("-pk")
                return queryset[start:stop]
            if stop is None:
                return super().search(config, start, stop, score_field=score_field)
            ranked_ids = list(
                self.fts_matches(query, config)
                .annotate(score=self._build_rank_expression(self.get_search_vectors(), config))
                .filter(object_pk__in=self.queryset.order_by().values("pk"))
                .order_by("score", "-object_pk")  # bm25 is negative: lowest first is best
                .values_list("object_pk", flat=True)[start:stop]
            )
            found = self.queryset.in_bulk(ranked_ids)
            return [found[pk] for pk in ranked_ids if pk in found]

    return SQLiteSearchQueryCompiler, WeightedSQLiteQueryCompiler


@cache
def entries_first_postgres_compiler():
    from django.db.models import F, IntegerField
    from django.db.models.functions import Cast
    from modelsearch.backends.database.postgres.postgres import IndexEntry, PostgresSearchQueryCompiler
    from modelsearch.query import Phrase, PlainText
    from modelsearch.utils import get_descendants_content_types_pks

    class EntriesFirstPostgresQueryCompiler(PostgresSearchQueryCompiler):
        def matching_entries(self, search_query):
            # The same expression as the GIN index of search/migrations/0001.
            vector = F("title")._combine(F("body"), "||", False)
            return (
                IndexEntry.objects.annotate(_vector_=vector)
                .filter(_vector_=search_query)
                .filter(content_type_id__in=get_descendants_content_types_pks(self.queryset.model))
                .annotate(object_pk=Cast("object_id", IntegerField()))
            )

        def search(self, config, start, stop, score_field=None, backend=None):
            if score_field is not None or self.fields is not None or not isinstance(self.query, (PlainText, Phrase)):
                return super().search(config, start, stop, score_field=score_field, backend=backend)
            search_query = self.build_tsquery(self.query, config=config)
            entries = self.matching_entries(search_query)
            if not self.order_by_relevance or stop is None:
                queryset = self.queryset.filter(pk__in=entries.values("object_pk"))
                if self.order_by_relevance or not queryset.query.order_by:
                    queryset = queryset.order_by("-pk")
                return queryset[start:stop]
            rank = self._build_rank_expression([(F("title"), F("title_norm")), (F("body"), 1.0)], config)
            ranked_ids = list(
                entries.filter(object_pk__in=self.queryset.order_by().values("pk"))
                .annotate(score=rank)
                .order_by("-score", "-object_pk")
                .values_list("object_pk", flat=True)[start:stop]
            )
            found = self.queryset.in_bulk(ranked_ids)
            return [found[pk] for pk in ranked_ids if pk in found]

    return PostgresSearchQueryCompiler, EntriesFirstPostgresQueryCompiler


def SearchBackend(params):  # noqa: N802 - Wagtail looks the backend up by this name
    backend = DatabaseSearchBackend(params)
    name = type(backend).__name__
    if name == "SQLiteSearchBackend":
        original, replacement = weighted_sqlite_compiler()
    elif name == "PostgresSearchBackend":
        original, replacement = entries_first_postgres_compiler()
    else:
        return backend
    if backend.query_compiler_class is original:
        backend.query_compiler_class = replacement
    return backend
