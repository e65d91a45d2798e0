"""Typed text reaches every backend method as plain words (search/typed_queries.py), autocomplete too."""

import pytest
from modelsearch.backends import get_search_backend
from modelsearch.query import Phrase, PlainText

from countries.models import CountryPage
from search.typed_queries import guarded_query

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ['"', "-", "\x00", "   ", '"Kazakh', "Kazakh\x00"])
def test_autocomplete_survives_what_a_visitor_types(typed):
    results = list(get_search_backend().autocomplete(typed, CountryPage.objects.live()))
    assert all(isinstance(page, CountryPage) for page in results)


def test_autocomplete_finds_by_the_start_of_a_word_after_cleaning():
    titles = [page.title for page in get_search_backend().autocomplete('"Kazakh', CountryPage.objects.live())]
    assert "Kazakhstan" in titles


@pytest.mark.parametrize("method", ["search", "autocomplete"])
def test_the_guard_passes_every_other_argument_on(monkeypatch, method):
    backend = get_search_backend()
    below = type(backend).__mro__[2]  # the modelsearch class under the guard (the guarded class, the guard, it)
    seen = []
    monkeypatch.setattr(below, method, lambda self, *args, **kwargs: seen.append((args, kwargs)) or [])
    queryset = CountryPage.objects.live()
    getattr(backend, method)('Kazakh"', queryset, ["title"], operator="or")
    assert seen == [(("Kazakh", queryset, ["title"]), {"operator": "or"})]


def test_typed_wrappers_are_cleaned_and_code_built_queries_pass_unchanged():
    assert guarded_query("elec\x00tions  ") == "elec tions"
    assert guarded_query(PlainText('"')) == ""
    phrase = guarded_query(Phrase('free "elections'))
    assert isinstance(phrase, Phrase)
    assert phrase.query_string == "free elections"
    plain = guarded_query(PlainText("free -elections", operator="or", boost=2))
    assert (plain.query_string, plain.operator, plain.boost) == ("free elections", "or", 2)
    built = object()
    assert guarded_query(built) is built
