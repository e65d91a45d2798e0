"""Shared fixtures.

The test database is created once per run with the organisation's seed content loaded,
so every test starts from the real page tree; each test runs in a transaction that is
rolled back. Browser tests use a live server, which flushes the database, so they run
last and load the seed content again themselves.
"""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from countries.models import AnalysisPage, CountryPage, RegionPage
from home.models import HomePage


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_seed_content", stdout=io.StringIO())


def pytest_collection_modifyitems(items):
    # Live-server tests flush the database when they finish: keep them after the rest.
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture
def home(db):
    return HomePage.objects.get()


@pytest.fixture
def region(db):
    return RegionPage.objects.get(slug="eastern-europe-post-soviet-states")


@pytest.fixture
def kazakhstan(db):
    return CountryPage.objects.get(iso_code="KZ")


@pytest.fixture
def analysis(kazakhstan):
    return AnalysisPage.objects.child_of(kazakhstan).get(slug="limited-political-freedoms-kazakhstan")


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()
