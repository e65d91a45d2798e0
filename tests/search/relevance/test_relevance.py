"""The relevance test set (queries.py) over the corpus (corpus.py), through the JSON API.

Every case runs on each database the suite runs on (SQLite and PostgreSQL in CI) and must pass whole:
no case is skipped or expected to fail on one of them.
"""

import pytest

from .corpus import KEYS, TITLES
from .queries import CASES

LIMIT = 50  # the API's maximum: every match of the small corpus comes back


def answer(api, case):
    response = api(q=case.q, limit=LIMIT, **case.params)
    assert response.status_code == 200, response.content
    return response.json()


def found_keys(data):
    """The corpus keys of the results, in order; results from outside the corpus are left out."""
    return [KEYS[result["title"]] for result in data["results"] if result["title"] in KEYS]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_relevance(corpus, api, case):
    data = answer(api, case)
    found = found_keys(data)
    assert data["count"] <= LIMIT, "the corpus is small: every match must fit in one response"
    if case.nothing:
        assert data["results"] == [], f"{case.why}\nfound: {found}"
        assert data["count"] == 0
    missing = case.must_find - set(found)
    assert not missing, f"{case.why}\nmissing: {sorted(missing)}\nfound: {found}"
    unwanted = case.must_not_find & set(found)
    assert not unwanted, f"{case.why}\nmust not find: {sorted(unwanted)}\nfound: {found}"
    if case.top:
        assert set(found[: len(case.top)]) == case.top, f"{case.why}\nfirst: {sorted(case.top)}\nfound: {found}"
    if case.suggests:
        offered = {country["slug"] for country in data["did_you_mean"]}
        assert case.suggests <= offered, f"{case.why}\ndid_you_mean: {sorted(offered)}"
    said = [message for message in data["messages"] if message.startswith("No analysis matches all of")]
    if case.loosened:
        assert said, f"{case.why}\nmessages: {data['messages']}"
    else:
        assert not said, f"not loosened: every result matches the whole query\nmessages: {data['messages']}"


def test_the_set_is_large_and_names_only_analyses_of_the_corpus():
    assert len(CASES) >= 40
    ids = [case.id for case in CASES]
    assert len(set(ids)) == len(ids), "each case's query (with its parameters) appears once"
    for case in CASES:
        named = case.must_find | case.must_not_find | case.top
        assert named <= set(TITLES), f"{case.id}: unknown keys {sorted(named - set(TITLES))}"
        assert not case.must_find & case.must_not_find, case.id
        assert case.top <= case.must_find, f"{case.id}: what comes first must be found"
        assert case.why, f"{case.id}: say what the case protects"
        assert not (case.nothing and (case.must_find or case.loosened)), case.id
        assert case.must_find or case.nothing or case.suggests, f"{case.id}: expect something"


def test_the_corpus_is_published_and_searchable_by_title(corpus, api):
    """The fixture's own check: every analysis is live, and the words of its title find it."""
    assert set(corpus) == set(TITLES) - {"seed-kazakhstan"}
    for page in corpus.values():
        assert page.live
    for key, title in TITLES.items():
        assert key in found_keys(api(q=title, limit=LIMIT).json()), title
