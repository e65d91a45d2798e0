"""Parameter combinations Wagtail refuses, answered with what they mean (headless/listing_combinations.py)."""

import pytest
from wagtail.models import Page

from countries.models import AnalysisPage, CountryPage, RegionPage

from .conftest import bearer

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_random_order_with_an_offset_is_a_random_sample(client):
    response = client.get("/api/v3/pages/?order=random&offset=3&limit=5")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 5  # the offset did not skip past anything
    assert client.get("/api/v3/images/?order=random&offset=2").status_code == 200


def test_search_ordered_by_a_field_the_index_cannot_sort_by_comes_by_relevance(client, analysis):
    by_relevance = ids(client.get("/api/v3/pages/?search=elections"))
    assert analysis.pk in by_relevance
    assert ids(client.get("/api/v3/pages/?search=elections&order=slug")) == by_relevance
    assert ids(client.get("/api/v3/pages/?search=elections&order=-slug,title")) == by_relevance


def test_search_ordered_by_a_field_the_index_can_sort_by_keeps_that_order(client):
    assert "title" in {field.field_name for field in Page.get_filterable_search_fields()}
    response = client.get("/api/v3/pages/?search=Kazakhstan&order=-title&fields=title")
    titles = [item["title"] for item in response.json()["items"]]
    assert len(titles) >= 2
    assert titles == sorted(titles, reverse=True)


def test_children_of_a_page_within_its_ancestor_are_its_children(client, kazakhstan, region):
    children = ids(client.get(f"/api/v3/pages/?child_of={kazakhstan.pk}"))
    assert children
    assert ids(client.get(f"/api/v3/pages/?child_of={kazakhstan.pk}&descendant_of={region.pk}")) == children
    assert ids(client.get(f"/api/v3/pages/?child_of={kazakhstan.pk}&descendant_of={kazakhstan.pk}")) == children
    assert ids(client.get(f"/api/v3/pages/?child_of={kazakhstan.pk}&descendant_of=root")) == children


def test_children_of_a_page_outside_the_ancestor_are_none(client, kazakhstan, region):
    elsewhere = RegionPage.objects.live().exclude(pk=region.pk).first()
    response = client.get(f"/api/v3/pages/?child_of={kazakhstan.pk}&descendant_of={elsewhere.pk}")
    assert response.status_code == 200
    assert response.json() == {"count": 0, "items": []}
    # A region is not inside its own country either.
    assert ids(client.get(f"/api/v3/pages/?child_of={region.pk}&descendant_of={kazakhstan.pk}")) == []


def test_a_combination_naming_a_missing_page_is_not_found(client, kazakhstan, region):
    for query in (f"child_of=99999&descendant_of={region.pk}", f"child_of={kazakhstan.pk}&descendant_of=99999"):
        response = client.get(f"/api/v3/pages/?{query}")
        assert response.status_code == 404, query
        assert response["Content-Type"] == "application/problem+json"


def test_a_draft_page_cannot_be_confirmed_through_the_combination(client, kazakhstan, region):
    draft = AnalysisPage.objects.child_of(kazakhstan).first()
    draft.unpublish()
    response = client.get(f"/api/v3/pages/?child_of={kazakhstan.pk}&descendant_of={draft.pk}")
    assert response.status_code == 404
    assert CountryPage.objects.live().filter(pk=kazakhstan.pk).exists()


def test_the_document_says_how_the_combinations_are_answered(client):
    document = client.get("/api/v3/openapi.json").json()
    parameters = {p["name"]: p for p in document["paths"]["/api/v3/pages/"]["get"]["parameters"]}
    assert "Ignored with order=random" in parameters["offset"]["description"]
    assert "results come by relevance" in parameters["order"]["description"]
    assert "the children of child_of that lie within this page" in parameters["descendant_of"]["description"]


def test_with_a_token_the_combination_is_answered_too(client, kazakhstan, region, django_user_model):
    children = ids(client.get(f"/api/v3/pages/?child_of={kazakhstan.pk}"))
    headers = bearer(django_user_model.objects.create_superuser("lister", "lister@example.org", "pw"))
    both = client.get(f"/api/v3/pages/?child_of={kazakhstan.pk}&descendant_of={region.pk}", headers=headers)
    assert ids(both) == children
    root = Page.objects.get(depth=1)
    assert client.get(f"/api/v3/pages/?child_of={root.pk}&descendant_of={root.pk}", headers=headers).status_code != 422


def test_a_search_of_one_page_type_sorts_by_a_field_only_that_type_indexes(client, kazakhstan):
    import datetime

    from tests.factories import AnalysisPageFactory

    for title, year in [("Elections held late", 2026), ("Elections held early", 2019), ("Elections midway", 2023)]:
        AnalysisPageFactory(parent=kazakhstan, title=title, current_as_of=datetime.date(year, 1, 1))
    url = "/api/v3/pages/?search=elections&type=countries.AnalysisPage&order="
    dates = dict(AnalysisPage.objects.values_list("pk", "current_as_of"))
    ascending = [dates[pk] for pk in ids(client.get(url + "current_as_of"))]
    descending = [dates[pk] for pk in ids(client.get(url + "-current_as_of"))]
    assert len(set(ascending)) >= 3
    assert ascending == sorted(ascending)
    assert descending == sorted(descending, reverse=True)
    # Across page types the field is not one the index sorts by: relevance, as without an order.
    assert ids(client.get("/api/v3/pages/?search=elections&order=current_as_of")) == ids(
        client.get("/api/v3/pages/?search=elections")
    )


def test_two_types_or_an_unknown_type_are_judged_as_pages(client):
    for types in ("type=countries.AnalysisPage&type=countries.CountryPage", "type=nosuch.Page", "type=x"):
        response = client.get(f"/api/v3/pages/?search=elections&order=current_as_of&{types}")
        assert response.status_code < 500, types
