"""Each analysis's search document keeps its live topics' slugs in ``topic_keys`` (search.documents),
from which the topic facet is counted; filtering by topic goes through the tags."""

from taggit.models import Tag

from countries.models import AnalysisPage
from search.models import SearchDocument
from search.params import parse_params
from search.service import run_search
from search.vocabulary import Vocabulary
from tests.factories import make_analysis


def keys(page):
    return SearchDocument.objects.values_list("topic_keys", flat=True).get(pk=page.pk)


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
    assert run_search(params, record=False).facets["topic"] == {"zq-media": 1}


def test_the_seeded_analysis_has_its_topic_keys(db):
    analysis = AnalysisPage.objects.get(slug="limited-political-freedoms-kazakhstan")
    assert keys(analysis) == " ".join(sorted(tag.slug for tag in analysis.topics.all()))
    assert keys(analysis)
