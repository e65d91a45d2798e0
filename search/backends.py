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
A search page's count, facets and ranked page come from one statement over the matches, materialised
once and grouped in one pass (``summary_statement``); the ranking parses the query once per
statement, not per match; and "live" excludes the few pages that are not live rather than joining
every match to its page (``live_by_exclusion``).

Other databases get Wagtail's backend unchanged. On every database, typed query strings are cut
down to plain words first (``search.typed_queries``).
"""

from collections import Counter
from dataclasses import dataclass
from functools import cache

from django.db import connections
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

from .typed_queries import guarded

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
    from django.contrib.postgres.search import SearchQuery, SearchQueryField, SearchRank
    from django.db.models import F, Func, IntegerField
    from django.db.models.functions import Cast
    from modelsearch.backends.database.postgres.postgres import (
        IndexEntry,
        PostgresSearchQueryCompiler,
        PostgresSearchResults,
    )
    from modelsearch.query import MatchAll, Not, Phrase, PlainText
    from modelsearch.utils import get_descendants_content_types_pks

    class ParsedOnce(SearchQuery):
        """A tsquery as a scalar subquery, which PostgreSQL evaluates once per statement.

        ``to_tsquery()`` is only STABLE (it reads the text search configuration), so in the ranking
        PostgreSQL parses it again for every match, twice (title and body): at 100,000 analyses the
        13,600 matches of one word spent 25 ms parsing the query and 5 ms ranking.
        """

        def __init__(self, query):
            Func.__init__(self, query, output_field=SearchQueryField())

        def as_sql(self, compiler, connection, function=None, template=None):
            sql, params = compiler.compile(self.source_expressions[0])
            return f"(SELECT {sql})", params

    class EntriesFirstPostgresQueryCompiler(PostgresSearchQueryCompiler):
        def build_tsrank(self, vector, query, config=None, boost=1.0):
            # The match keeps the plain to_tsquery(), whose value the planner sees when it estimates
            # how many entries match; only the ranking, evaluated per match, takes it parsed once.
            if isinstance(query, (Phrase, PlainText, Not)):
                rank = SearchRank(
                    vector, ParsedOnce(self.build_tsquery(query, config=config)), weights=self.sql_weights
                )
                return rank * boost if boost != 1.0 else rank
            return super().build_tsrank(vector, query, config=config, boost=boost)

        def matching_entries(self, search_query):
            # The same expression as the GIN index of search/migrations/0001.
            vector = F("title")._combine(F("body"), "||", False)
            return (
                IndexEntry.objects.annotate(_vector_=vector)
                .filter(_vector_=search_query)
                .filter(content_type_id__in=get_descendants_content_types_pks(self.queryset.model))
                .annotate(object_pk=Cast("object_id", IntegerField()))
            )

        def is_plain_text(self):
            return self.fields is None and isinstance(self.query, (PlainText, Phrase))

        def rank_expression(self, config):
            return self._build_rank_expression([(F("title"), F("title_norm")), (F("body"), 1.0)], config)

        def search(self, config, start, stop, score_field=None, backend=None):
            if score_field is not None or not self.is_plain_text():
                return super().search(config, start, stop, score_field=score_field, backend=backend)
            entries = self.matching_entries(self.build_tsquery(self.query, config=config))
            if not self.order_by_relevance or stop is None:
                queryset = self.queryset.filter(pk__in=entries.values("object_pk"))
                if self.order_by_relevance or not queryset.query.order_by:
                    queryset = queryset.order_by("-pk")
                return queryset[start:stop]
            ranked_ids = list(
                entries.filter(object_pk__in=self.queryset.order_by().values("pk"))
                .annotate(score=self.rank_expression(config))
                .order_by("-score", "-object_pk")
                .values_list("object_pk", flat=True)[start:stop]
            )
            found = self.queryset.in_bulk(ranked_ids)
            return [found[pk] for pk in ranked_ids if pk in found]

        def summarise(self, config, facets, offset, limit):
            """``(count, {name: {value: n}}, objects[offset:offset + limit])`` in one statement, or None
            for a query this cannot summarise. See ``summary_statement``."""
            text = self.is_plain_text()
            if not text and not isinstance(self.query, MatchAll):
                return None
            order = None if text and self.order_by_relevance else list(self.queryset.query.order_by) or ["-pk"]
            if order is not None and not all(isinstance(item, str) for item in order):
                return None
            entries = None
            if text:
                entries = (
                    self.matching_entries(self.build_tsquery(self.query, config=config))
                    .annotate(score=self.rank_expression(config))
                    .values("object_pk", "score")
                )
            queryset = live_by_exclusion(self.queryset)
            sql, params = summary_statement(queryset, entries, facets, order, offset, limit)
            with connections[self.queryset.db].cursor() as cursor:
                cursor.execute(sql, params)
                groups, ids = cursor.fetchone()
            count, counts = read_groups(groups, facets)
            found = self.queryset.order_by().in_bulk(ids or [])
            return count, counts, [found[pk] for pk in ids or () if pk in found]

    class SummarisingPostgresSearchResults(PostgresSearchResults):
        def summarise(self, facets, offset, limit):
            compiler = self.query_compiler
            if not isinstance(compiler, EntriesFirstPostgresQueryCompiler):
                return None
            return compiler.summarise(compiler.get_config(self.backend), facets, offset, limit)

    return PostgresSearchQueryCompiler, EntriesFirstPostgresQueryCompiler, SummarisingPostgresSearchResults


@dataclass(frozen=True)
class SeparatedValues:
    """A facet over a text column that holds several values separated by spaces (topic slugs)."""

    column: str


def facet_counts(rows, separated):
    """{value: count} from (value, count) rows; ``separated`` values are split on spaces and summed."""
    if not separated:
        return {value: n for value, n in rows if value is not None}
    counts = Counter()
    for values, n in rows:
        for value in (values or "").split():
            counts[value] += n
    return dict(counts)


def read_groups(groups, facets):
    """``(count, {name: {value: n}})`` from summary_statement's grouping sets: rows of ``[bits, value
    of each facet, n]``, where ``bits`` (SQL's GROUPING()) marks the facets a row is not grouped by."""
    names = list(facets)
    rows = {name: [] for name in names}
    count = 0
    for bits, *values, n in groups or ():
        grouped = [i for i in range(len(names)) if not bits >> (len(names) - 1 - i) & 1]
        if not grouped:  # the empty grouping set: every match
            count = n
        else:
            rows[names[grouped[0]]].append((values[grouped[0]], n))
    counts = {
        name: facet_counts(rows[name], separated=isinstance(facet, SeparatedValues)) for name, facet in facets.items()
    }
    return count, counts


def live_by_exclusion(queryset):
    """``queryset`` with its test of ``live`` (``.live()``) asked the other way round: not one of the
    pages that are not live. The rows are the same (``live`` is never null), but PostgreSQL no longer
    joins every match to the page table: it reads the few ids of pages that are not live from a small
    partial index (search/migrations/0003) and excludes them with a hash, which at 100,000 analyses
    saves a fifth of a common word's database time. A queryset without that one test on a joined
    page table comes back as it was.
    """
    from django.db.models import Exists, OuterRef
    from django.db.models.lookups import Exact
    from wagtail.models import Page

    live = Page._meta.get_field("live")

    def is_live_test(node):
        # Only on a joined page table (a page type's parent row): the page table of a queryset of
        # Page itself is its FROM clause, which must stay.
        return (
            isinstance(node, Exact)
            and getattr(node.lhs, "target", None) is live
            and node.rhs is True
            and node.lhs.alias != queryset.query.base_table
        )

    where = queryset.query.where
    if where.connector != "AND" or where.negated or sum(map(is_live_test, where.children)) != 1:
        return queryset
    clone = queryset._chain()
    test = next(child for child in clone.query.where.children if is_live_test(child))
    clone.query.where.children.remove(test)
    # The page table is joined for this test alone unless something else (a private section's path)
    # refers to it; with no reference left, Django leaves the join out.
    clone.query.unref_alias(test.lhs.alias)
    return clone.filter(~Exists(Page.objects.filter(pk=OuterRef("pk"), live=False)))


def summary_statement(queryset, entries, facets, order, offset, limit):
    """One PostgreSQL statement that finds the matches once and answers everything a search page shows.

    The matches (``queryset`` joined to the matching index ``entries``, or all of ``queryset`` when
    browsing) are materialised once, with the facet columns and the sort keys; the count, every facet
    and the ids of one page are then read from that small set. Separate queries would each repeat the
    full-text match, which is most of a search's database time and grows with the number of matches.

    ``facets`` maps a name to a column of the model (one value per match) or to SeparatedValues (any
    number). ``order`` is a list of field names (``"-current_as_of"``), or None for relevance
    (``entries`` carry a score).
    """
    # Every piece of SQL below is either compiled by Django from a queryset or a fixed name; every
    # value is a parameter (hence the S608 exemptions).
    from django.db.models import F

    columns = {f"facet_{i}": F(getattr(facet, "column", facet)) for i, facet in enumerate(facets.values())}
    sort_keys = {f"sort_{i}": F(name.lstrip("-")) for i, name in enumerate(order or ())}
    matches_sql, params = queryset.order_by().values(hit_id=F("pk"), **columns, **sort_keys).query.sql_with_params()
    params = list(params)
    if entries is None:
        hits = f"SELECT m.* FROM ({matches_sql}) m"  # noqa: S608
    else:
        entries_sql, entries_params = entries.query.sql_with_params()
        hits = f"SELECT m.*, e.score FROM ({matches_sql}) m JOIN ({entries_sql}) e ON e.object_pk = m.hit_id"  # noqa: S608
        params += entries_params
    if order is None:
        ordering = "score DESC, hit_id DESC"
    else:
        ordering = ", ".join(f"sort_{i} {'DESC' if name.startswith('-') else 'ASC'}" for i, name in enumerate(order))
    # All facets and the count in one pass over the matches (grouping sets; the empty set is the
    # count). SeparatedValues are grouped per distinct combination and split by the caller: grouping
    # whole strings is several times cheaper than unnesting each match's.
    facet_columns = ", ".join(f"facet_{i}" for i in range(len(facets)))
    grouping_sets = ", ".join([*(f"(facet_{i})" for i in range(len(facets))), "()"])
    groups = (
        f"SELECT json_agg(json_build_array(g, {facet_columns}, n)) FROM "  # noqa: S608
        f"(SELECT GROUPING({facet_columns}) AS g, {facet_columns}, count(*) AS n "
        f"FROM hits GROUP BY GROUPING SETS ({grouping_sets})) f"
    )
    sql = (
        f"WITH hits AS MATERIALIZED ({hits}) SELECT ({groups}), "  # noqa: S608
        f"(SELECT array_agg(hit_id ORDER BY {ordering}) FROM "
        f"(SELECT * FROM hits ORDER BY {ordering} LIMIT %s OFFSET %s) page)"
    )
    return sql, [*params, limit, offset]


def SearchBackend(params):  # noqa: N802 - Wagtail looks the backend up by this name
    # modelsearch picks the class for the database in use; typed queries are guarded on every one.
    backend = guarded(type(DatabaseSearchBackend(params)))(params)
    name = type(backend).__name__
    if name == "SQLiteSearchBackend":
        original, replacement = weighted_sqlite_compiler()
        results_class = backend.results_class
    elif name == "PostgresSearchBackend":
        original, replacement, results_class = entries_first_postgres_compiler()
    else:
        return backend
    if backend.query_compiler_class is original:
        backend.query_compiler_class = replacement
        backend.results_class = results_class
    return backend
