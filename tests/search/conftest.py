import pytest
from django.test import Client

from countries.models import CountryPage
from search.vocabulary import Vocabulary


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
