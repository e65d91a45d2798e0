"""Wagtail's database search backend, with the page title weighted on SQLite.

modelsearch's SQLite backend ranks matches with FTS5's ``bm25()`` called without column weights, so a
word in an analysis's title counts no more than the same word deep in its body (PostgreSQL weights
fields by their ``boost``; Elasticsearch by the boosted copies of each field). On SQLite this backend
asks FTS5 for the ordering the other backends give: title first. Other databases get Wagtail's
backend unchanged.
"""

from functools import cache

from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

# Column order of modelsearch's FTS5 table: (autocomplete, body, title).
COLUMN_WEIGHTS = (0.0, 1.0, 6.0)


@cache
def weighted_sqlite_compiler():
    # Imported here: the SQLite modules look up SQLite-only models that other databases lack.
    from modelsearch.backends.database.sqlite.query import BM25
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry, SQLiteSearchQueryCompiler
    from modelsearch.query import Not, Phrase, PlainText

    class WeightedBM25(BM25):
        def as_sql(self, compiler, connection, function=None, template=None):
            weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS)
            return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})", []

    class WeightedSQLiteQueryCompiler(SQLiteSearchQueryCompiler):
        def build_tsrank(self, vector, query, config=None, boost=1.0):
            if isinstance(query, (Phrase, PlainText, Not)):
                return WeightedBM25() * boost if boost != 1.0 else WeightedBM25()
            return super().build_tsrank(vector, query, config=config, boost=boost)

    return SQLiteSearchQueryCompiler, WeightedSQLiteQueryCompiler


def SearchBackend(params):  # noqa: N802 - Wagtail looks the backend up by this name
    backend = DatabaseSearchBackend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":
        original, weighted = weighted_sqlite_compiler()
        if backend.query_compiler_class is original:
            backend.query_compiler_class = weighted
    return backend
