"""The pages API's ``?search=`` is a thin alias of the site search for analyses (search.typed_queries):
the same syntax and the same stemmed documents; other page types by Wagtail's index."""

import pytest
from django.test import Client


def found(**params):
    response = Client().get("/api/v3/pages/", params)
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["items"]}


SEED = "Limited Political Freedoms Encourage Citizens to Flee Kazakhstan"


@pytest.mark.parametrize(
    "search",
    ["restriction", "monitor", '"political opposition"', "zqnothing OR Qazaqstan", "(torture OR elections) Kazakh"],
)
def test_analyses_are_found_with_the_site_searchs_syntax_and_stemming(db, search):
    assert SEED in found(search=search, type="countries.AnalysisPage")


@pytest.mark.parametrize("search", ['"opposition political"', "Kazakhstan -elections", "zqnothing", '"', "the", "-"])
def test_what_the_site_search_would_not_find_is_not_found(db, search):
    assert SEED not in found(search=search, type="countries.AnalysisPage")


def test_all_page_types_together_find_the_country_by_its_index_and_the_analysis_by_its_document(db):
    titles = found(search="Kazakhstan")
    assert {"Kazakhstan", SEED} <= titles
    titles = found(search="Kazakhstan -elections")
    assert "Kazakhstan" in titles
    assert SEED not in titles
