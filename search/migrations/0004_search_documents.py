"""The search app's own documents (search.models), and the text index of each database.

- SQLite: the FTS5 table ``search_text`` (English stemming by the porter tokenizer).
- PostgreSQL: a GIN index on the documents' ``vector``.

The indexes migrations 0001-0003 put on other apps' tables (Wagtail's index entries, pages,
analyses) served the search that read those tables; the documents replace them, so they go.

Documents are written from the pages by ``manage.py rebuild_search_documents`` (run it once after
this migration on a site that has analyses) and kept up to date as content changes.
"""

import django.contrib.postgres.search
import django.db.models.deletion
import search.models
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models

FTS5_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_text USING fts5("
    "title, keywords, body, tokenize = 'porter unicode61 remove_diacritics 2')"
)
REPLACED_INDEXES = (
    "search_indexentry_title_body_gin",
    "search_page_live_ids",
    "search_page_not_live_ids",
    "search_analysis_facet_keys",
)
VECTOR_INDEX = GinIndex(fields=["vector"], name="search_document_vector")


def create_text_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(FTS5_TABLE)
    elif vendor == "postgresql":
        for name in REPLACED_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")
        schema_editor.add_index(apps.get_model("search", "SearchDocument"), VECTOR_INDEX)


def drop_text_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_text")
    elif vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("search", "SearchDocument"), VECTOR_INDEX)


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0003_summary_statement_indexes'),
        ('wagtailcore', '0098_apitoken'),
    ]
    # The indexes dropped here cover the columns that countries' 0005 removes: they go first. Said
    # here, not there, so that the domain app's migrations know nothing of search.
    run_before = [
        ('countries', '0005_search_keys_moved_to_search_documents'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchText',
            fields=[
                ('rowid', models.IntegerField(primary_key=True, serialize=False)),
                ('table', search.models.FTSTable(db_column='search_text')),
                ('title', models.TextField()),
                ('keywords', models.TextField()),
                ('body', models.TextField()),
            ],
            options={
                'db_table': 'search_text',
                'managed': False,
            },
        ),
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('page', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('title', models.TextField()),
                ('keywords', models.TextField(blank=True)),
                ('body', models.TextField(blank=True)),
                ('region_slug', models.SlugField(blank=True, db_index=False, max_length=255)),
                ('country_slug', models.SlugField(blank=True, db_index=False, max_length=255)),
                ('country_iso', models.CharField(blank=True, max_length=2)),
                ('topic_keys', models.TextField(blank=True)),
                ('current_as_of', models.DateField()),
                ('vector', django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={
                'indexes': [models.Index(fields=['-current_as_of', '-page'], name='search_document_newest')],
            },
        ),
        migrations.RunPython(create_text_index, drop_text_index),
    ]
