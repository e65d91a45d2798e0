"""Each analysis keeps its live topics' slugs in ``topic_keys`` (countries.signals), from which
PostgreSQL counts the topic facet; filtering by topic still goes through the tags."""

from importlib import import_module

from django.apps import apps
from django.db import connection
from taggit.models import Tag

from countries.models import AnalysisPage
from search.params import parse_params
from search.vocabulary import Vocabulary
from tests.factories import make_analysis

from .test_summary import in_one_statement, separately


def keys(page):
    return AnalysisPage.objects.values_list("topic_keys", flat=True).get(pk=page.pk)


def test_publishing_stores_the_topic_slugs(country):
    page = make_analysis(country("ER"), "Zqkeys", topics=["zq press", "zq elections", "zq press"])
    assert keys(page) == "zq-elections zq-press"


def test_a_draft_leaves_the_live_topics(country):
    page = make_analysis(country("ER"), "Zqkeys draft", topics=["zq press"])
    page = AnalysisPage.objects.get(pk=page.pk)
    page.topics.set(["zq other"])
    page.save_revision()
    assert keys(page) == "zq-press"
    page.get_latest_revision().publish()
    assert keys(page) == "zq-other"


def test_renaming_or_deleting_a_topic_updates_the_keys(country):
    first = make_analysis(country("ER"), "Zqkeys one", topics=["zq press", "zq torture"])
    second = make_analysis(country("SO"), "Zqkeys two", topics=["zq press"])
    tag = Tag.objects.get(name="zq press")
    tag.slug = "zq-media"
    tag.save()
    assert (keys(first), keys(second)) == ("zq-media zq-torture", "zq-media")
    tag.delete()
    assert (keys(first), keys(second)) == ("zq-torture", "")


def test_facets_follow_a_renamed_topic(country):
    make_analysis(country("ER"), "Zqkeys rename", text="zqrename", topics=["zq press"])
    tag = Tag.objects.get(name="zq press")
    tag.slug = "zq-media"
    tag.save()
    params, _ = parse_params({"q": ["zqrename"]}, strict=True, vocabulary=Vocabulary.load())
    assert separately(params)[1]["topic"] == {"zq-media": 1}
    if connection.vendor == "postgresql":
        assert in_one_statement(params)[1]["topic"] == {"zq-media": 1}


def test_migration_fills_the_keys_of_existing_analyses(country):
    page = make_analysis(country("ER"), "Zqkeys migrated", topics=["zq b", "zq a"])
    AnalysisPage.objects.update(topic_keys="")
    import_module("countries.migrations.0004_topic_keys").copy_topic_keys(apps, None)
    assert keys(page) == "zq-a zq-b"


def test_the_seeded_analysis_has_its_topic_keys(db):
    analysis = AnalysisPage.objects.get(slug="limited-political-freedoms-kazakhstan")
    assert analysis.topic_keys
    assert analysis.topic_keys == analysis.current_topic_keys()
