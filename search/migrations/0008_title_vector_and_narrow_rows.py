"""PostgreSQL: a small title vector, GIN-indexed, that finds the candidates for ranking whose title
matches; and narrow rows.

Counting a search's matches and their facets reads every matching row. With each document's body
(about 5 kB of text) and its vector in the row, a common word at 100,000 analyses touched 10,000 of
the table's 27,000 pages. Here the body, the title and the keywords go to the table's TOAST storage:
a row longer than PostgreSQL's threshold (about 2 kB) has them moved out until it is down to
``toast_tuple_target`` (128 bytes) or nothing more can go; the facet keys stay in the row (``STORAGE
PLAIN``) and so do the two vectors, compressed (``STORAGE MAIN``): ``vector`` is read to recheck phrases,
to count the words a row matches and to rank, ``title_vector`` to find the candidates whose title
matches (search.engines.postgres). At 100,000 analyses the table's rows take 146 MB instead of 214 MB. The
rows written before are copied back once so that they take the new layout (and again when the
migration is reversed).

SQLite keeps its FTS5 table; the new column stays empty there.
"""

import django.contrib.postgres.search
from django.db import migrations

TABLE = "search_searchdocument"
IN_THE_ROW = ("region_slug", "country_slug", "country_iso", "topic_keys")
COMPRESSED_IN_THE_ROW = ("vector", "title_vector")
TITLE_INDEX = "search_document_title_vector"


def rewrite(schema_editor, fill_title_vectors=False):
    """Write every row again: a layout applies to rows as they are written."""
    for statement in (
        f"CREATE TEMPORARY TABLE search_document_copy ON COMMIT DROP AS SELECT * FROM {TABLE}",
        # As search.engines.postgres.title_vector writes them.
        "UPDATE search_document_copy SET title_vector = setweight(to_tsvector('english'::regconfig, title), 'A')"
        if fill_title_vectors
        else None,
        f"TRUNCATE {TABLE}",
        f"INSERT INTO {TABLE} SELECT * FROM search_document_copy",
        "DROP TABLE search_document_copy",
        # The rows' foreign keys are checked now rather than at the commit, so that no check is pending
        # when the migration alters the table afterwards (reversed, it drops title_vector next).
        "SET CONSTRAINTS ALL IMMEDIATE",
    ):
        if statement:
            schema_editor.execute(statement)


def narrow_rows(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    storage = ", ".join(
        [f"ALTER COLUMN {column} SET STORAGE PLAIN" for column in IN_THE_ROW]
        + [f"ALTER COLUMN {column} SET STORAGE MAIN" for column in COMPRESSED_IN_THE_ROW]
    )
    schema_editor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
    schema_editor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)")
    schema_editor.execute(f"ALTER TABLE {TABLE} {storage}")
    rewrite(schema_editor, fill_title_vectors=True)
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {TITLE_INDEX} ON {TABLE} USING gin (title_vector)")


def wide_rows(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    storage = ", ".join(f"ALTER COLUMN {column} SET STORAGE EXTENDED" for column in (*IN_THE_ROW, *COMPRESSED_IN_THE_ROW))
    schema_editor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
    schema_editor.execute(f"DROP INDEX IF EXISTS {TITLE_INDEX}")
    schema_editor.execute(f"ALTER TABLE {TABLE} RESET (toast_tuple_target)")
    schema_editor.execute(f"ALTER TABLE {TABLE} {storage}")
    rewrite(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_topic_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="title_vector",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.RunPython(narrow_rows, wide_rows),
    ]
