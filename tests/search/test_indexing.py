"""What is indexed, and how each search document's place keys follow the page tree."""

import io

import pytest
from django.core.management import call_command
from wagtail.search.backends.elasticsearch9 import Elasticsearch9Mapping

from countries.models import AnalysisPage, CountryPage, RegionPage
from search.models import SearchDocument
from tests.factories import make_analysis, refresh_index


def keys(page):
    return SearchDocument.objects.values_list("region_slug", "country_slug", "country_iso").get(pk=page.pk)


def test_seeded_analysis_has_its_location_keys(analysis):
    assert keys(analysis) == ("eastern-europe-post-soviet-states", "kazakhstan", "KZ")


def test_seeded_countries_have_aliases(kazakhstan):
    assert kazakhstan.alias_list() == ["Kazakh", "Kazakhstani", "Qazaqstan"]
    assert CountryPage.objects.exclude(other_names="").count() == CountryPage.objects.count() == 58


def test_moving_an_analysis_to_another_country_moves_it_in_search(api, country):
    page = make_analysis(country("ER"), "Zqmoved")
    page.move(country("AF"), pos="last-child")
    refresh_index()
    assert keys(page) == ("south-central-asia", "afghanistan", "AF")
    assert api(q="zqmoved", country="afghanistan").json()["count"] == 1
    assert api(q="zqmoved", country="eritrea").json()["count"] == 0
    assert api(q="zqmoved Afghanistan").json()["count"] == 1


def test_moving_a_country_to_another_region_updates_its_analyses(api, country):
    eritrea = country("ER")
    page = make_analysis(eritrea, "Zqregionmove")
    eritrea.move(RegionPage.objects.get(slug="middle-east"), pos="last-child")
    refresh_index()
    assert keys(page) == ("middle-east", "eritrea", "ER")
    assert api(q="zqregionmove", region="middle-east").json()["count"] == 1
    assert api(q="zqregionmove", region="east-africa").json()["count"] == 0


def test_renaming_a_country_or_region_updates_keys_and_text(api, country):
    eritrea = country("ER")
    page = make_analysis(eritrea, "Zqrename")
    eritrea.title, eritrea.slug = "Zqeritrea", "zqeritrea"
    eritrea.save_revision().publish()
    region = RegionPage.objects.get(slug="east-africa")
    region.title, region.slug = "Zqhorn", "zqhorn"
    region.save_revision().publish()
    refresh_index()
    assert keys(page) == ("zqhorn", "zqeritrea", "ER")
    assert api(q="zqrename", country="zqeritrea", region="zqhorn").json()["count"] == 1
    assert api(q="Zqeritrea").json()["count"] == 1
    assert api(q="Zqhorn").json()["count"] == 1


def test_saving_a_draft_of_a_country_changes_nothing(api, country):
    eritrea = country("ER")
    page = make_analysis(eritrea, "Zqdraftrename")
    eritrea.title, eritrea.slug = "Zqunpublishedname", "zqunpublished"
    eritrea.save_revision()
    assert keys(page) == ("east-africa", "eritrea", "ER")
    assert api(q="Zqunpublishedname").json()["count"] == 0


def test_place_of_a_path_outside_the_country_tree_is_empty(db):
    from search.documents import places_by_path

    orphan = AnalysisPage(path="0001")
    assert places_by_path([orphan])["0001"] == (
        {"slug": "", "title": ""},
        {"slug": "", "title": "", "iso_code": "", "other_names": ""},
    )


def test_update_index_command_indexes_analyses(api, analysis):
    call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
    refresh_index()
    assert api(q="Qazaqstan").json()["count"] == 1


def test_title_is_the_strongest_field():
    boosts = {field.field_name: field.boost for field in AnalysisPage.get_searchable_search_fields()}
    assert boosts["title"] == max(b or 1 for b in boosts.values())
    assert boosts["standfirst"] > (boosts["body"] or 1)


def test_elasticsearch_analyses_english_as_the_database_engines_do(settings):
    from search.elasticsearch import SearchBackend

    backend = SearchBackend(
        {"URLS": ["http://127.0.0.1:9200"], "INDEX_SETTINGS": settings.ELASTICSEARCH_INDEX_SETTINGS}
    )
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["analyzer"]["default"] == {"type": "english"}
    assert "edgengram_analyzer" in analysis["analyzer"]  # Wagtail's own analyzers stay


def test_elasticsearch_mapping_has_searchable_and_filter_fields_with_boosts():
    """The mapping Wagtail's elasticsearch9 backend would create for analyses (no server needed)."""
    properties = Elasticsearch9Mapping(AnalysisPage).get_mapping()["properties"]
    prefix = "countries_analysispage__"
    assert "_all_text_boost_6_0" in properties["title"]["copy_to"]
    assert properties[prefix + "standfirst"]["type"] == "text"
    assert "_all_text_boost_3_0" in properties[prefix + "standfirst"]["copy_to"]
    assert properties[prefix + "body"]["copy_to"] == "_all_text"
    assert "_all_text_boost_2_0" in properties[prefix + "place_names"]["copy_to"]
    assert properties[prefix + "source_titles"]["type"] == "text"
    for name in ("region_slug", "country_slug", "topic_slugs"):
        assert properties[f"{prefix}{name}_filter"]["type"] == "keyword", name
    assert properties[prefix + "current_as_of_filter"]["type"] == "date"
    topics = properties[prefix + "topics"]
    assert topics["type"] == "nested"
    assert topics["properties"]["slug_filter"]["type"] == "keyword"
    assert "_all_text_boost_3_0" in topics["properties"]["name"]["copy_to"]
    assert properties[prefix + "authors"]["properties"]["expert"]["properties"]["name"]["type"] == "text"
    for boost in ("6_0", "3_0", "2_0"):
        assert properties[f"_all_text_boost_{boost}"] == {"type": "text"}


@pytest.mark.parametrize("model", [AnalysisPage, CountryPage, RegionPage])
def test_search_fields_pass_wagtails_checks(model):
    assert [e for e in model.check() if e.id.startswith("wagtailsearch")] == []


def postgresql_index_definition(name, why):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(f"PostgreSQL only: {why}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        (definition,) = cursor.fetchone()
    return definition


def test_place_names_are_the_same_for_a_single_save_and_for_bulk_indexing(analysis):
    single = AnalysisPage.objects.get(pk=analysis.pk).place_names()
    bulk = AnalysisPage.get_indexed_objects().get(pk=analysis.pk).place_names()
    assert single == bulk == "Kazakhstan KZ Kazakh Kazakhstani Qazaqstan Eastern Europe & Post-Soviet States"


def test_place_names_of_an_analysis_outside_the_country_tree_are_empty(analysis):
    orphan = AnalysisPage.objects.get(pk=analysis.pk)
    orphan.path = "9999" * 4
    assert orphan.place_names() == ""


def test_bulk_indexing_reads_place_names_and_sources_with_the_analyses(country, django_assert_num_queries):
    """update_index loads analyses through get_indexed_objects(); their place names and source titles
    then cost no query each (they cost three before, which made indexing 100,000 analyses take an hour)."""
    for n in range(6):
        make_analysis(country("ER" if n % 2 else "KZ"), f"Zqbulk {n}", sources=[f"Source {n}"])
    analyses = list(AnalysisPage.get_indexed_objects())
    assert len(analyses) == 7
    with django_assert_num_queries(0):
        names = {page.title: (page.place_names(), page.source_titles()) for page in analyses}
    assert names["Zqbulk 1"] == ("Eritrea ER Eritrean State of Eritrea Ertra East Africa", "Source 1")
    assert names["Zqbulk 2"][0].startswith("Kazakhstan KZ")


def test_postgresql_indexes_the_documents_vector_and_nothing_of_other_apps(db):
    from django.db import connection

    definition = postgresql_index_definition("search_document_vector", "SQLite searches its FTS5 table")
    assert "USING gin (vector)" in definition
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname IN "
            "('search_indexentry_title_body_gin', 'search_page_live_ids', 'search_page_not_live_ids', "
            "'search_analysis_facet_keys')"
        )
        assert cursor.fetchall() == []


def test_sqlite_stems_english_in_its_fts5_table(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL names its configuration in each query")
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_text'")
        (definition,) = cursor.fetchone()
    assert "tokenize = 'porter unicode61 remove_diacritics 2'" in definition
