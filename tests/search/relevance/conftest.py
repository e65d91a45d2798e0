"""The corpus (corpus.py), written once for the module and rolled back after it.

Each test runs in its own rolled-back transaction (pytest-django's ``db``), nested in the corpus's:
the corpus is published once, not once per query, and the database is left as it was found.
"""

import pytest
from django.db import transaction

from countries.models import CountryPage
from search.vocabulary import Vocabulary
from tests.factories import make_analysis

from .corpus import ANALYSES


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """{key: AnalysisPage} of the published corpus, for the module's tests."""
    with django_db_blocker.unblock():
        Vocabulary.forget()
        with transaction.atomic():
            countries = {}
            pages = {}
            for analysis in ANALYSES:
                if analysis.iso_code not in countries:
                    countries[analysis.iso_code] = CountryPage.objects.get(iso_code=analysis.iso_code)
                pages[analysis.key] = make_analysis(
                    countries[analysis.iso_code],
                    analysis.title,
                    standfirst=analysis.standfirst,
                    text=analysis.text,
                    topics=analysis.topics,
                    current_as_of=analysis.current_as_of,
                    sources=analysis.sources,
                )
            Vocabulary.forget()
            try:
                yield pages
            finally:
                transaction.set_rollback(True)
        Vocabulary.forget()
