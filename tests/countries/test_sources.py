"""Sources as snippets, cited inline with footnotes; incomplete cited sources block review and publishing."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from countries.models import AnalysisPage, AnalysisSource, CountryPage, Source
from editorial import workflow
from tests.factories import make_analysis, publish


def complete(**extra):
    return Source.objects.create(
        author=extra.pop("author", "Amnesty International"),
        title=extra.pop("title", "Eritrea: conscription"),
        url=extra.pop("url", "https://example.org/er"),
        accessed_on=extra.pop("accessed_on", datetime.date(2026, 11, 1)),
        **extra,
    )


def citing(country, *cites, attached=()):
    page = make_analysis(country, "National service", text="Filler.", live=False)
    page = AnalysisPage.objects.get(pk=page.pk)
    text = " ".join(
        f'Claim {n} <a href="#source-{source.pk}{pin}">as reported</a>.' for n, (source, pin) in enumerate(cites)
    )
    page.body = [
        {"type": "heading", "value": "Findings", "id": "h"},
        {"type": "paragraph", "value": f"<p>{text}</p>", "id": "p"},
    ]
    for source in attached:
        page.sources.add(AnalysisSource(source=source))
    page.save_revision()
    return page


@pytest.fixture
def eritrea(db):
    return CountryPage.objects.get(iso_code="ER")


def test_citations_become_numbered_footnotes_and_the_bibliography_splits_cited_from_consulted(client, eritrea):
    amnesty, hrw, unused = (
        complete(),
        complete(author="Human Rights Watch", title="World Report"),
        complete(author="UNHCR", title="Guidelines"),
    )
    page = publish(citing(eritrea, (amnesty, ":p.%204"), (hrw, ""), (amnesty, ""), attached=[amnesty, unused]))
    html = client.get(page.url).content.decode()
    marks = re.findall(r'<sup class="footnote-ref" id="fnref-(\d)"><a href="#fn-\d"', html)
    assert marks == ["1", "2", "3"]
    notes = re.search(r'id="notes-heading">Notes</h2>(.*?)</section>', html, re.S).group(1)
    assert re.findall(r'<li id="fn-(\d)">', notes) == ["1", "2", "3"]
    assert "Amnesty International, Eritrea: conscription</a>, p. 4." in notes
    cited = re.search(r'id="cited-heading">Sources cited</h2>(.*?)</section>', html, re.S).group(1)
    assert re.findall(r'id="source-(\d+)"', cited) == [str(amnesty.pk), str(hrw.pk)]
    assert 'accessed <time datetime="2026-11-01">1 November 2026</time>' in cited
    consulted = re.search(r'id="consulted-heading">Sources consulted</h2>(.*?)</section>', html, re.S).group(1)
    assert re.findall(r'id="source-(\d+)"', consulted) == [str(unused.pk)]


def test_the_api_gives_footnotes_and_sources_with_cited_or_consulted(client, eritrea):
    amnesty, unused = complete(), complete(author="UNHCR", title="Guidelines", url="", note="Internal guidance.")
    page = publish(citing(eritrea, (amnesty, ":para%202.1"), attached=[unused]))
    data = client.get(f"/api/v3/pages/{page.pk}/").json()
    assert data["footnotes"] == [
        {"number": 1, "anchor": "fn-1", "paragraph": "1.1", "source_id": amnesty.pk, "pinpoint": "para 2.1"}
    ]
    assert [(s["id"], s["cited"]) for s in data["sources"]] == [(amnesty.pk, True), (unused.pk, False)]
    version = client.get(f"/api/v3/pages/{page.pk}/versions/1.0/").json()
    assert version["footnotes"][0]["source_id"] == amnesty.pk


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ({"accessed_on": None}, "needs a date accessed"),
        ({"url": "", "note": ""}, "needs a URL or a description"),
    ],
)
def test_publishing_or_submitting_with_an_incomplete_cited_source_is_refused_naming_it(eritrea, missing, message):
    incomplete = complete(title="Leaked memo", **missing)
    page = citing(eritrea, (incomplete, ""))
    with pytest.raises(ValidationError) as refused:
        page.get_latest_revision().publish()
    assert f"The source “Amnesty International, Leaked memo” {message}" in str(refused.value)
    assert not AnalysisPage.objects.get(pk=page.pk).live
    assert not page.versions.exists()
    from editorial.workflow import assign_review_workflow

    assign_review_workflow(page)
    with pytest.raises(workflow.WorkflowActionError) as not_submitted:
        workflow.submit(AnalysisPage.objects.get(pk=page.pk), page.owner or _superuser())
    assert message in str(not_submitted.value)


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("zqroot", "zqroot@example.org", "pw")


def test_an_oral_source_with_a_description_and_no_url_may_be_cited(eritrea):
    oral = complete(
        author="A lawyer in Asmara", title="Interview", kind="oral", url="", note="Interviewed by phone; name withheld."
    )
    assert oral.problems() == []
    assert publish(citing(eritrea, (oral, ""))).live


def test_the_editor_refuses_publish_and_submit_but_saves_a_draft(admin_client, eritrea):
    incomplete = complete(title="Leaked memo", accessed_on=None)
    page = citing(eritrea, (incomplete, ""))
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    def post(action):
        data = nested_form_data(
            {
                "title": page.title,
                "slug": page.slug,
                "standfirst": page.standfirst,
                "body": streamfield(
                    [("paragraph", rich_text(f'<p>Claim <a href="#source-{incomplete.pk}">here</a>.</p>'))]
                ),
                "topics": "",
                "authors": {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"},
                "sources": {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"},
                "current_as_of": "2026-01-01",
                "terms_of_reference": "",
                "method": "",
                "comments": {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"},
            }
        )
        data[action] = "1"
        return admin_client.post(f"/admin/pages/{page.pk}/edit/", data)

    for action in ("action-publish", "action-submit"):
        refused = post(action)
        assert refused.status_code == 200
        assert refused.context["form"].errors["body"] == [
            "The source “Amnesty International, Leaked memo” needs a date accessed before it can be cited."
        ]
        assert not AnalysisPage.objects.get(pk=page.pk).live
        assert AnalysisPage.objects.get(pk=page.pk).current_workflow_state is None
    revisions = page.revisions.count()
    saved = post("action-save")  # a draft may cite what is not complete yet
    assert saved.status_code == 302
    assert page.revisions.count() == revisions + 1


def test_existing_sources_were_migrated_to_snippets_for_the_seeded_analysis(client, analysis):
    sources = [a.source for a in analysis.sources.all()]
    assert [(s.author, s.accessed_on) for s in sources] == [
        ("Freedom House", datetime.date(2026, 11, 1)),
        ("Amnesty International", datetime.date(2026, 11, 1)),
        ("Human Rights Watch", datetime.date(2026, 11, 1)),
    ]


def test_the_seeded_analysis_footnotes_its_three_sources_in_international_reactions(client, analysis):
    html = client.get(analysis.url).content.decode()
    section = re.search(r'id="international-reactions">.*?(?=<h2 id=|<section)', html, re.S).group(0)
    assert len(re.findall(r'class="footnote-ref"', section)) == 3
    assert "Freedom House<sup" in section
    cited = re.search(r'id="cited-heading">Sources cited</h2>(.*?)</section>', html, re.S).group(1)
    assert re.findall(r"(Freedom House|Amnesty International|Human Rights Watch)", cited) == [
        "Freedom House",
        "Amnesty International",
        "Human Rights Watch",
    ]
    assert "Sources consulted" not in html
