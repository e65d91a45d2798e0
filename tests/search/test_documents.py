"""The search documents follow what readers can see (search.documents), on every database."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from countries.models import AnalysisPage, Expert
from search.engines import engine
from search.models import SearchDocument
from search.syntax import parse
from tests.factories import make_analysis


def document(page):
    return SearchDocument.objects.filter(pk=page.pk).first()


def found(q):
    return set(engine(connection).matching(SearchDocument.objects.all(), parse(q)).values_list("pk", flat=True))


def test_publishing_writes_the_document_with_the_place_and_topics(country):
    page = make_analysis(
        country("ER"), "Zqdoc national service", text="Conscripts <b>serve</b> indefinitely.", topics=["zq army"]
    )
    doc = document(page)
    assert (doc.region_slug, doc.country_slug, doc.country_iso, doc.topic_keys) == (
        "east-africa",
        "eritrea",
        "ER",
        "zq-army",
    )
    assert doc.title == "Zqdoc national service"
    assert "Conscripts serve indefinitely." in doc.body
    for name in ("zq army", "Eritrea", "ER", "Ertra", "East Africa"):
        assert name in doc.keywords
    assert found("zqdoc") == {page.pk}


def test_a_draft_does_not_change_the_document(country):
    page = make_analysis(country("ER"), "Zqdoc draft", text="zqlive")
    page = AnalysisPage.objects.get(pk=page.pk)
    page.title = "Zqdoc changed"
    page.save_revision()
    assert document(page).title == "Zqdoc draft"
    assert found("zqlive") == {page.pk}


def test_unpublishing_and_restricting_remove_it_and_lifting_restores_it(country):
    page = make_analysis(country("SO"), "Zqdoc gone", text="zqgone")
    page.unpublish()
    assert document(page) is None
    assert found("zqgone") == set()
    page.get_latest_revision().publish()
    assert found("zqgone") == {page.pk}
    restriction = PageViewRestriction.objects.create(page=country("SO"), restriction_type="login")
    assert document(page) is None
    assert found("zqgone") == set()
    restriction.delete()
    assert found("zqgone") == {page.pk}


def test_deleting_removes_the_text_too(country):
    page = make_analysis(country("SO"), "Zqdoc deleted", text="zqdeleted")
    pk = page.pk
    page.delete()
    assert not SearchDocument.objects.filter(pk=pk).exists()
    assert found("zqdeleted") == set()


def test_a_countrys_new_alias_and_a_renamed_topic_or_expert_reach_its_documents(country):
    eritrea = country("ER")
    page = make_analysis(eritrea, "Zqdoc alias", topics=["zq press"])
    eritrea.other_names = "Zqerythraea"
    eritrea.save_revision().publish()
    assert found("zqerythraea") == {page.pk}
    tag = Tag.objects.get(name="zq press")
    tag.name, tag.slug = "zq media", "zq-media"
    tag.save()
    assert document(page).topic_keys == "zq-media"
    assert found('"zq media"') == {page.pk}
    tag.delete()
    assert document(page).topic_keys == ""
    expert = Expert.objects.create(name="Zqauthor Smith")
    page.authors.create(expert=expert)
    page.save_revision().publish()
    expert.name = "Zqwriter Smith"
    expert.save()
    assert found("zqwriter") == {page.pk}
    assert found("zqauthor") == set()


def test_rebuild_writes_every_visible_analysis_again(country, analysis):
    page = make_analysis(country("SO"), "Zqdoc rebuilt", text="zqrebuilt")
    SearchDocument.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_search_documents", stdout=out)
    assert out.getvalue().strip() == "2 search documents written."
    assert set(SearchDocument.objects.values_list("pk", flat=True)) == {page.pk, analysis.pk}
    assert found("zqrebuilt") == {page.pk}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("restriction", True),  # "Restrictions"
        ("organise", True),  # "organising"
        ("monitor", True),  # "monitored"
        ("censor*", True),  # "censorship"
        ('"political opposition"', True),
        ('"opposition political"', False),
        ("Kazakhstan -elections", False),
        ("zqnothing OR Qazaqstan", True),
    ],
)
def test_the_seeded_analysis_is_found_by_stem_phrase_exclusion_and_or(analysis, q, expected):
    assert (analysis.pk in found(q)) is expected


def test_excerpts_mark_matched_forms_and_escape_the_text(country):
    page = make_analysis(country("SO"), "Zqdoc excerpt", text="Journalists &lt;b&gt; were detained in Mogadishu.")
    excerpt = engine(connection).excerpts(parse("journalist"), [page.pk])[page.pk]
    assert "<mark>Journalists</mark>" in excerpt
    assert "&lt;b&gt;" in excerpt
    assert "<b>" not in excerpt


def test_an_analysis_saved_outside_publishing_is_reindexed_but_a_revision_save_is_not(country):
    page = make_analysis(country("ER"), "Zqsaved national service", text="Conscripts serve.")
    page.title = "Zqresaved national service"
    page.save()
    assert document(page).title == "Zqresaved national service"
    assert found("zqresaved") == {page.pk}
    page.title = "Zqdraft national service"
    page.save(update_fields=["title"])  # as Wagtail's revision saves do: named fields only
    assert document(page).title == "Zqresaved national service"
    page.live = False
    page.save()
    assert document(page) is None
    assert found("zqresaved") == set()


def test_a_batch_with_more_than_a_thousand_sources_is_indexed_in_a_fixed_number_of_queries(
    country, django_assert_max_num_queries
):
    """Bulk indexing (rebuild_search_documents, bench/search.py) writes 500 analyses at a time, with 1-4
    sources each. Prefetching the sources' Source rows a second level made Django 5.2 write one
    ``id = … OR`` term per source on SQLite, which refused more than a thousand ("Expression tree is too
    large"); the sources are now read with their titles in one joined query."""
    from countries.models import AnalysisSource, Source
    from search.documents import build, visible

    pages = [make_analysis(country("ER" if n % 2 else "KZ"), f"Zqmany {n}") for n in range(3)]
    sources = Source.objects.bulk_create(Source(author="A publisher", title=f"Zqsource {n}") for n in range(1200))
    AnalysisSource.objects.bulk_create(
        AnalysisSource(page=pages[n % 3], source=source, sort_order=n) for n, source in enumerate(sources)
    )
    ids = [page.pk for page in pages]
    # The view restrictions (public()), the analyses, their topics, sources and authors, the places (two).
    with django_assert_max_num_queries(7):
        documents = build(list(visible(ids)))
    assert len(documents) == 3
    keywords = {document.page_id: document.keywords for document in documents}
    assert "Zqsource 0 Zqsource 3 Zqsource 6" in keywords[pages[0].pk]
    assert "Zqsource 1199" in keywords[pages[2].pk]
    from search.documents import reindex

    reindex(ids)
    assert found("zqsource") == set(ids)
