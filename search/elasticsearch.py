"""Wagtail's Elasticsearch 9 backend with typed queries cut down to plain words (``search.typed_queries``).

``ELASTICSEARCH_URL`` selects this module as the search backend (``cms/settings``).
"""

from wagtail.search.backends.elasticsearch9 import Elasticsearch9SearchBackend

from .typed_queries import guarded

SearchBackend = guarded(Elasticsearch9SearchBackend)
