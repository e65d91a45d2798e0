"""Wagtail's database search backend, for what Wagtail itself searches (the admin, the pages API's
``?search=``, autocompletion), with typed text handled by ``search.typed_queries``: the pages API
finds analyses in the search documents, as the site search does.

The project's own search does not use it: it searches the search documents through the database's
full-text engine (``search.engines``).
"""

from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

from .typed_queries import guarded


def SearchBackend(params):  # noqa: N802 - Wagtail looks the backend up by this name
    # modelsearch picks the class for the database in use; typed queries are guarded on every one.
    return guarded(type(DatabaseSearchBackend(params)), documents_searched=True)(params)
