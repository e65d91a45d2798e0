"""The search app's own index: one document per live, public analysis.

The database backends search these documents, not Wagtail's index (which stays for the admin,
the pages API's ``?search=``, autocompletion and Elasticsearch). A document holds what search needs
and nothing else, so the domain models carry no columns for search's sake:

- the text, in three weighted parts: the title; the keywords (topics, names, ISO code and aliases of
  the country, the region's name, source titles, authors); the body (standfirst and prose);
- the keys results are filtered and counted by: region and country slugs, the ISO code, topic slugs
  (separated by spaces) and the "information current as of" date.

Only analyses a reader can see have a document, so a search never joins pages to test ``live`` or
view restrictions. ``search.documents`` writes them when content changes (``core.content_changed``);
``manage.py rebuild_search_documents`` writes them all.

How each database matches the text (``search.engines``):
- PostgreSQL: ``vector``, a tsvector of the three parts with the ``english`` configuration named
  (weights A, B, C), GIN-indexed (migration 0004);
- SQLite: the FTS5 table ``search_text`` (``SearchText``), tokenised ``porter unicode61``, its rowid
  the page id (created by migration 0004; ``vector`` stays empty there).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    page = models.OneToOneField("wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+")
    title = models.TextField()
    keywords = models.TextField(blank=True)
    body = models.TextField(blank=True)
    region_slug = models.SlugField(max_length=255, blank=True, db_index=False)
    country_slug = models.SlugField(max_length=255, blank=True, db_index=False)
    country_iso = models.CharField(max_length=2, blank=True)
    topic_keys = models.TextField(blank=True)
    current_as_of = models.DateField()
    # PostgreSQL only (columns of type tsvector; SQLite accepts the type name and leaves them null).
    vector = SearchVectorField(null=True)
    # The title alone (weight A), GIN-indexed (migration 0008): finds the candidates whose title matches,
    # which ``vector`` then ranks (search.engines.postgres).
    title_vector = SearchVectorField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["-current_as_of", "-page"], name="search_document_newest"),
            # Browsing by country or region (no words) reads only the matching rows.
            models.Index(fields=["country_slug"], name="search_document_country"),
            models.Index(fields=["region_slug"], name="search_document_region"),
        ]

    def __str__(self):
        return self.title


class FTSTable(models.TextField):
    """FTS5's hidden column that bears its table's name: the left side of ``MATCH`` and the first
    argument of the auxiliary functions ``bm25()`` and ``snippet()`` (https://sqlite.org/fts5.html)."""


@FTSTable.register_lookup
class Matches(models.Lookup):
    """``table__matches="expression"``: FTS5's full-text query (``search.syntax.to_fts5`` writes it)."""

    lookup_name = "matches"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class SearchText(models.Model):
    """The FTS5 table beside the documents, on SQLite (``rowid`` is the document's page id)."""

    rowid = models.IntegerField(primary_key=True)
    table = FTSTable(db_column="search_text")
    title = models.TextField()
    keywords = models.TextField()
    body = models.TextField()

    class Meta:
        managed = False
        db_table = "search_text"

    def __str__(self):
        return self.title


class SearchWord(models.Model):
    """A word that has been in a search document (lower case, as written, 4-30 letters), for
    "did you mean" (``search.spelling``). Words are only added: a suggestion is offered only when
    searching it finds something, so a word no document has any more is never suggested."""

    word = models.CharField(max_length=30, primary_key=True)

    def __str__(self):
        return self.word
