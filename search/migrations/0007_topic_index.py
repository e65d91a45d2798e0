"""PostgreSQL: a GIN index on the documents' topic slugs as an array, for the topic filter.

Filtering by topic through taggit's tables looked up every tagged analysis's document by id (60 ms
for a common topic at 100,000 analyses); the document's own ``topic_keys`` answer it from one index
(``search.engines.postgres.topic_array``). SQLite keeps the taggit subquery.
"""

from django.db import migrations

TOPIC_INDEX = "search_document_topics"


def create_topic_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TOPIC_INDEX} ON search_searchdocument "
            "USING gin (string_to_array(topic_keys, ' '))"
        )


def drop_topic_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TOPIC_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_browse_indexes")]

    operations = [migrations.RunPython(create_topic_index, drop_topic_index)]
