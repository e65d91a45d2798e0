"""headless registers the page types' API shapes; the models only name their API fields."""

from django.core.checks import run_checks
from wagtail.api.v3.registry import registry

from countries.models import AnalysisPage, CountryPage
from headless.page_shapes import PAGE_SHAPES, page_types_served_untyped, register_page_shapes


def test_models_name_their_api_fields_without_serialisers():
    for model in (AnalysisPage, CountryPage):
        assert all(field.serializer is None for field in model.api_fields), model


def test_every_shaped_field_is_an_api_field_of_its_page_type():
    from django.apps import apps

    for label, fields in PAGE_SHAPES.items():
        names = {field.name for field in apps.get_model(label).api_fields}
        assert set(fields) <= names, label


def test_the_pages_endpoints_serve_the_registered_shapes():
    assert page_types_served_untyped() == []
    assert not [message for message in run_checks() if message.id == "headless.E002"]


def test_a_shape_registered_after_the_pages_api_is_built_is_reported():
    original = registry.get("home.HomePage")
    try:
        register_page_shapes({"home.HomePage": {"tagline": (str, lambda page, context: "late")}})
        assert page_types_served_untyped() == ["home.HomePage"]
        (error,) = [message for message in run_checks() if message.id == "headless.E002"]
        assert "home.HomePage" in error.msg
        assert "before 'wagtail.images'" in error.hint
    finally:
        registry.register(original)
    assert page_types_served_untyped() == []


def test_country_detail_fields_come_from_the_shapes(client, kazakhstan):
    region = kazakhstan.get_parent()
    data = client.get(f"/api/v3/pages/{kazakhstan.pk}/").json()
    assert data["region"] == {"id": region.pk, "title": region.title, "slug": region.slug}
    assert data["aliases"] == kazakhstan.alias_list()
    assert data["aliases"]
    assert [analysis["id"] for analysis in data["analyses"]] == [a.pk for a in kazakhstan.live_analyses()]
