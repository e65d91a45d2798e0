"""The search behaviour tests of test_search.py, run against a live Elasticsearch server.

Set ELASTICSEARCH_URL (e.g. http://127.0.0.1:9200) to run them; each test gets a fresh index named
with ELASTICSEARCH_INDEX_PREFIX (default ``cms_test_``) so a shared cluster's data is never touched.
Without the variable every test here is skipped and says why.
"""

import io
import os

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from .test_search import *  # noqa: F403 - the same tests, collected again under this module

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")

pytestmark = [
    pytest.mark.elasticsearch,
    pytest.mark.skipif(not ELASTICSEARCH_URL, reason="ELASTICSEARCH_URL is not set: no Elasticsearch server to test"),
]


@pytest.fixture(autouse=True)
def elasticsearch_backend(settings, db):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.elasticsearch",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "cms_test_"),
            "TIMEOUT": 30,
            "OPTIONS": {},
            "INDEX_SETTINGS": django_settings.ELASTICSEARCH_INDEX_SETTINGS,
        }
    }
    # The database is rolled back after each test; the index is rebuilt from it before each one.
    call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
