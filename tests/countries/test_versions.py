"""Permanent versions of an analysis: numbered on publication, served for good at …/v/<number>/."""

import datetime
import json
import re
from html.parser import HTMLParser

import bibtexparser
import pytest

from countries.models import AnalysisPage, AnalysisVersion
from countries.paragraphs import numbered_items
from tests.factories import make_analysis, publish


class Paragraphs(HTMLParser):
    """{anchor: (paragraph key, text)} of the numbered paragraphs of a page."""

    def __init__(self):
        super().__init__()
        self.found, self._open, self._depth = {}, None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._open is None and (attrs.get("id") or "").startswith("p-") and "data-paragraph-key" in attrs:
            self._open = [attrs["id"], attrs["data-paragraph-key"], []]
            self._depth = 0
        elif self._open is not None:
            self._depth += 1

    def handle_endtag(self, tag):
        if self._open is None:
            return
        if self._depth == 0:
            anchor, key, text = self._open
            self.found[anchor] = (key, " ".join("".join(text).split()))
            self._open = None
        else:
            self._depth -= 1

    def handle_data(self, data):
        if self._open is not None:
            self._open[2].append(data)


def paragraphs(response):
    parser = Paragraphs()
    parser.feed(response.content.decode())
    return parser.found


def edit(page, body, *, title=None):
    page = AnalysisPage.objects.get(pk=page.pk)
    page.body = body
    if title:
        page.title = title
    return publish(page)


def body_of(page):
    return [(block.block_type, block.value, block.id) for block in page.body]


def stream(*blocks):
    """A body value keeping the given (type, value, id) blocks' ids, so edits look like the editor's."""
    return [
        {"type": kind, "value": value if isinstance(value, str) else value.source, "id": block_id}
        for kind, value, block_id in blocks
    ]


@pytest.fixture
def eritrea_analysis(db):
    from countries.models import CountryPage

    return make_analysis(
        CountryPage.objects.get(iso_code="ER"), "National service without end", text="Conscripts serve indefinitely."
    )


def test_the_first_publication_is_1_0_and_the_next_1_1(eritrea_analysis):
    assert [v.number for v in eritrea_analysis.versions.all()] == ["1.0"]
    edit(eritrea_analysis, stream(*body_of(eritrea_analysis), ("paragraph", "<p>Deserters are detained.</p>", "new-1")))
    assert [v.number for v in AnalysisVersion.objects.filter(page=eritrea_analysis)] == ["1.0", "1.1"]


def test_publishing_the_same_revision_again_is_the_same_version(eritrea_analysis):
    eritrea_analysis.unpublish()
    eritrea_analysis.get_latest_revision().publish()
    assert eritrea_analysis.versions.count() == 1


def test_the_live_page_names_its_version_and_lists_the_earlier_ones(client, eritrea_analysis):
    edit(eritrea_analysis, stream(*body_of(eritrea_analysis), ("paragraph", "<p>Deserters are detained.</p>", "new-1")))
    html = client.get(eritrea_analysis.url).content.decode()
    published = datetime.date.today()
    stamp = f"Version 1.1, published {published.day} {published:%B %Y} · information current as of 1 January 2026"
    assert stamp in " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert f'href="{eritrea_analysis.url}v/1.0/"' in html
    assert f'href="{eritrea_analysis.url}v/1.1/"' in html


def test_an_old_permalink_serves_its_old_text_after_a_new_publication(client, eritrea_analysis):
    edit(eritrea_analysis, stream(("paragraph", "<p>Conscription was reformed.</p>", "other")), title="Reformed")
    old = client.get(f"{eritrea_analysis.url}v/1.0/")
    assert old.status_code == 200
    assert "Conscripts serve indefinitely." in old.content.decode()
    assert "Conscription was reformed." not in old.content.decode()
    assert "<h1>National service without end</h1>" in old.content.decode()
    assert "This is version 1.0 as it was published." in old.content.decode()
    new = client.get(f"{eritrea_analysis.url}v/1.1/").content.decode()
    assert "Conscription was reformed." in new
    assert "Conscripts serve indefinitely." not in new


def test_permalinks_outlive_unpublishing_but_not_withdrawal(client, eritrea_analysis):
    edit(eritrea_analysis, stream(*body_of(eritrea_analysis), ("paragraph", "<p>More.</p>", "more")))
    AnalysisPage.objects.get(pk=eritrea_analysis.pk).unpublish()
    assert client.get(eritrea_analysis.url).status_code == 404
    assert client.get(f"{eritrea_analysis.url}v/1.0/").status_code == 200
    assert client.get(f"{eritrea_analysis.url}v/1.0/cite/?format=ris").status_code == 200
    publish(AnalysisPage.objects.get(pk=eritrea_analysis.pk))
    version = eritrea_analysis.versions.get(major=1, minor=0)
    version.withdrawn_at = datetime.datetime.now(datetime.UTC)
    version.withdrawal_note = "It misstated the length of service."
    version.save()
    gone = client.get(f"{eritrea_analysis.url}v/1.0/")
    assert gone.status_code == 410
    assert "It misstated the length of service." in gone.content.decode()
    assert f'href="{eritrea_analysis.url}"' in gone.content.decode()
    assert client.get(f"{eritrea_analysis.url}v/1.0/cite/?format=ris").status_code == 410


@pytest.mark.parametrize("number", ["9.9", "1", "1.0.0", "x.y", "1.-1", "99999999.0"])
def test_a_version_that_does_not_exist_is_404(client, eritrea_analysis, number):
    assert client.get(f"{eritrea_analysis.url}v/{number}/").status_code == 404


def test_no_version_of_a_draft_is_public(client, kazakhstan):
    draft = make_analysis(kazakhstan, "Draft on conscription", text="Unreviewed claims.", live=False)
    assert not draft.versions.exists()
    for suffix in ("", "v/1.0/", "v/1.0/cite/?format=bibtex", "cite/?format=bibtex", "v/1.0/changes/"):
        assert client.get(f"{draft.url}{suffix}").status_code == 404, suffix
    assert "draft-on-conscription" not in client.get("/sitemap.xml").content.decode()
    assert client.get("/api/v3/search/?q=unreviewed").json()["count"] == 0
    assert client.get(f"/api/v3/pages/{draft.pk}/").status_code == 404


def test_paragraphs_are_numbered_by_section_with_anchors(client, analysis):
    found = paragraphs(client.get(analysis.url))
    assert list(found)[:3] == ["p-1.1", "p-2.1", "p-3.1"]
    assert found["p-1.1"][1].startswith("1.1")
    assert "Kazakhstan, one of Central Asia" in found["p-1.1"][1]
    assert '<h2 id="introduction-a-democracy-in-name-only">' in client.get(analysis.url).content.decode()


def test_a_paragraph_keeps_its_key_when_one_is_inserted_before_it_and_its_old_anchor_still_resolves(
    client, eritrea_analysis
):
    (heading, paragraph) = body_of(eritrea_analysis)
    before = paragraphs(client.get(eritrea_analysis.url))
    assert "Conscripts serve indefinitely." in before["p-1.1"][1]
    edit(eritrea_analysis, stream(heading, ("paragraph", "<p>A new first finding.</p>", "inserted"), paragraph))
    after = paragraphs(client.get(eritrea_analysis.url))
    assert after["p-1.2"][0] == before["p-1.1"][0]  # same paragraph, same key, new number
    assert "A new first finding." in after["p-1.1"][1]
    # The link a lawyer copied from version 1.0 still lands on the same paragraph.
    old_page = client.get(f"{eritrea_analysis.url}v/1.0/")
    old = paragraphs(old_page)
    assert old["p-1.1"][0] == before["p-1.1"][0]
    # …and says where that paragraph is in the current version.
    assert f'<a class="para__now" href="{eritrea_analysis.url}#p-1.2">now ¶ 1.2</a>' in old_page.content.decode()
    assert "now ¶" not in client.get(f"{eritrea_analysis.url}v/1.1/").content.decode()


def test_a_rich_text_block_numbers_each_paragraph_and_list_item_by_its_draftail_key(eritrea_analysis):
    page = AnalysisPage.objects.get(pk=eritrea_analysis.pk)
    page.body = [
        {"type": "heading", "value": "Findings", "id": "h"},
        {
            "type": "paragraph",
            "value": '<p data-block-key="a1">One <b>bold</b> &amp; more.</p><ul><li data-block-key="b2">First</li>'
            '<li data-block-key="c3">Second</li></ul><p data-block-key="d4">After.</p>',
            "id": "rt",
        },
        {"type": "quotation", "value": {"quote": "Said <here>.", "attribution": "", "source_url": ""}, "id": "q"},
    ]
    items = numbered_items(page.body)
    assert [(i.number, i.key, i.kind) for i in items] == [
        ("1.1", "rt:a1", "paragraph"),
        ("1.2", "rt:b2", "list item"),
        ("1.3", "rt:c3", "list item"),
        ("1.4", "rt:d4", "paragraph"),
        ("1.5", "q:0", "quotation"),
    ]
    assert items[0].html == "One <b>bold</b> &amp; more."
    assert items[4].html == "Said &lt;here&gt;."


def test_the_comparison_page_shows_paragraphs_added_changed_and_removed(client, eritrea_analysis):
    (heading, paragraph) = body_of(eritrea_analysis)
    edit(
        eritrea_analysis,
        stream(
            heading,
            ("paragraph", "<p>Conscripts serve for years.</p>", paragraph[2]),
            ("paragraph", "<p>Deserters are detained.</p>", "added"),
        ),
    )
    html = client.get(f"{eritrea_analysis.url}v/1.1/changes/").content.decode()
    assert "<del>indefinitely.</del>" in html
    assert "<ins>for years.</ins>" in html
    assert re.search(r"changes__row--added.*Deserters are detained", html)
    edit(eritrea_analysis, stream(heading, ("paragraph", "<p>Deserters are detained.</p>", "added")))
    html = client.get(f"{eritrea_analysis.url}v/1.2/changes/").content.decode()
    assert re.search(r"changes__row--removed.*<del>Conscripts serve for years.</del>", html)
    first = client.get(f"{eritrea_analysis.url}v/1.0/changes/").content.decode()
    assert "This is the first version" in first


def test_the_seeded_analysis_is_version_1_0(client, analysis):
    assert [v.number for v in analysis.versions.all()] == ["1.0"]
    assert "Version 1.0, published" in client.get(analysis.url).content.decode()


# --- Cite this ----------------------------------------------------------------------------------


def test_the_cite_box_gives_oscola_and_plain_citations_with_the_permalink(client, analysis):
    html = client.get(analysis.url).content.decode()
    today = datetime.date.today()
    permalink = f"http://localhost{analysis.url}v/1.0/"
    oscola = re.search(r'id="cite-oscola">([^<]+)<', html).group(1)
    assert oscola == (
        f"The Human Rights, {analysis.title} (version 1.0, {analysis.versions.get().published_at.day} "
        f"{analysis.versions.get().published_at:%B %Y}) &lt;{permalink}&gt; accessed {today.day} {today:%B %Y}"
    )
    assert "information current as of 1 November 2026" in re.search(r'id="cite-plain">([^<]+)<', html).group(1)
    assert f'data-copy="{permalink}#p-3.1"' in html
    assert "para 3.1 &lt;" + permalink + "#p-3.1&gt;" in html


def test_bibtex_download_parses_with_bibtexparser(client, analysis):
    response = client.get(f"{analysis.url}v/1.0/cite/?format=bibtex")
    assert response["Content-Type"].startswith("application/x-bibtex")
    assert response["Content-Disposition"].startswith('attachment; filename="limited-political-freedoms-')
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "techreport"
    assert entry["title"] == "{" + analysis.title + "}"
    assert entry["version"] == "1.0"
    assert entry["url"] == f"http://localhost{analysis.url}v/1.0/"
    assert entry["institution"] == "{The Human Rights}"


def test_ris_download_has_the_tags_reference_managers_read(client, analysis):
    text = client.get(f"{analysis.url}cite/?format=ris").content.decode()
    tags = dict(line.split("  - ", 1) for line in text.split("\r\n") if "  - " in line)
    assert tags["TY"] == "RPRT"
    assert tags["TI"] == analysis.title
    assert tags["ET"] == "Version 1.0"
    assert tags["UR"] == f"http://localhost{analysis.url}v/1.0/"
    assert text.endswith("ER  - \r\n")


def test_csl_json_download_is_a_csl_item_list_reference_managers_read(client, analysis):
    response = client.get(f"{analysis.url}v/1.0/cite/?format=csl-json")
    assert response["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    (item,) = json.loads(response.content)
    published = analysis.versions.get().published_at
    assert item["type"] == "report"
    assert item["title"] == analysis.title
    assert item["version"] == "1.0"
    assert item["URL"] == f"http://localhost{analysis.url}v/1.0/"
    assert item["issued"] == {"date-parts": [[published.year, published.month, published.day]]}
    assert item["publisher"] == "The Human Rights"
    assert {"date-parts"} == set(item["accessed"])


@pytest.mark.parametrize("query", ["", "?format=", "?format=endnote", "?format=bibtex%00"])
def test_an_unknown_citation_format_is_a_400_that_names_the_formats(client, analysis, query):
    response = client.get(f"{analysis.url}cite/{query}")
    assert response.status_code == 400
    assert "bibtex, ris, csl-json" in response.content.decode()


def test_an_editor_withdraws_a_version_in_the_admin_and_nobody_may_add_or_delete_one(client, eritrea_analysis):
    from django.urls import reverse

    from editorial.roles import EDITORS, RESEARCHERS
    from tests.factories import make_user

    version = eritrea_analysis.versions.get()
    editor = make_user("zqedith", EDITORS)
    editor_client = type(client)()
    editor_client.force_login(editor)
    index = editor_client.get(reverse("analysis_versions:index"))
    assert index.status_code == 200
    assert "National service without end" in index.content.decode()
    assert editor_client.get(reverse("analysis_versions:add")).status_code in (302, 403)
    assert editor_client.get(reverse("analysis_versions:delete", args=[version.pk])).status_code in (302, 403)
    edit_url = reverse("analysis_versions:edit", args=[version.pk])
    response = editor_client.post(
        edit_url, {"withdrawn_at": "2026-12-03 10:00", "withdrawal_note": "It misstated the length of service."}
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.withdrawn
    assert version.content["title"] == "National service without end"  # the text itself is untouched
    assert client.get(f"{eritrea_analysis.url}v/1.0/").status_code == 410
    researcher_client = type(client)()
    researcher_client.force_login(make_user("zqrita", RESEARCHERS))
    assert researcher_client.get(edit_url).status_code in (302, 403)


def test_the_cdn_purge_covers_every_permalink(eritrea_analysis):
    edit(eritrea_analysis, stream(*body_of(eritrea_analysis), ("paragraph", "<p>More.</p>", "more")))
    paths = AnalysisPage.objects.get(pk=eritrea_analysis.pk).get_cached_paths()
    assert {"/", "cite/", "v/1.0/", "v/1.0/cite/", "v/1.1/", "v/1.1/changes/"} <= set(paths)
