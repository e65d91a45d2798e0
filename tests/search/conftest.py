import datetime

import pytest
from django.test import Client
from wagtail.search.backends import get_search_backend

from countries.models import AnalysisPage, AnalysisSource, CountryPage
from search.search import Vocabulary
from tests.factories import publish


def make_analysis(
    country,
    title,
    *,
    standfirst="What the analysis finds.",
    text="Some findings.",
    topics=(),
    current_as_of=datetime.date(2026, 1, 1),
    sources=(),
    live=True,
):
    """An analysis under ``country``, published through a revision as editors do (unless ``live=False``)."""
    page = AnalysisPage(
        title=title,
        standfirst=standfirst,
        body=[("heading", "Findings"), ("paragraph", f"<p>{text}</p>")],
        current_as_of=current_as_of,
    )
    page.topics.add(*topics)
    for source in sources:
        page.sources.add(AnalysisSource(title=source))
    if live:
        country.add_child(instance=page)
        publish(page)
    else:
        page.live = False
        country.add_child(instance=page)
        page.save_revision()
    refresh_index()
    return page


def refresh_index():
    """Make recent writes searchable (Elasticsearch refreshes periodically; database backends need nothing)."""
    get_search_backend().refresh_indexes()


@pytest.fixture
def country(db):
    def get(iso_code):
        return CountryPage.objects.get(iso_code=iso_code)

    return get


@pytest.fixture
def api(db):
    client = Client()

    def get(**params):
        return client.get("/api/v3/search/", params)

    return get


@pytest.fixture
def html(db):
    client = Client()

    def get(**params):
        return client.get("/search/", params)

    return get


@pytest.fixture(autouse=True)
def fresh_vocabulary():
    """The filter vocabulary is cached across requests; a rolled-back test must not leave its pages in it."""
    Vocabulary.forget()
    yield
    Vocabulary.forget()
