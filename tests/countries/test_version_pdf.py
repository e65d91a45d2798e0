"""The PDF of each version for court bundles: what a lawyer, a tribunal and an archivist find in it."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from countries import pdf as pdf_module
from countries.models import AnalysisPage, AnalysisVersion
from countries.paragraphs import numbered_items
from tests.factories import make_analysis, publish

pytestmark = pytest.mark.django_db


def outline_titles(reader):
    titles = []

    def walk(entries):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(entry.title)

    walk(reader.outline)
    return titles


def text_of(reader):
    return [page.extract_text() for page in reader.pages]


def flat(text):
    return " ".join(text.split())


@pytest.fixture
def kazakhstan_pdf(client, analysis):
    version = analysis.current_version()
    response = client.get(f"{analysis.url}v/{version.number}/pdf/")
    return analysis, version, response


def test_the_pdf_matches_the_web_version_paragraph_for_paragraph(kazakhstan_pdf):
    analysis, version, response = kazakhstan_pdf
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{analysis.slug}-v{version.number}.pdf"' in response["Content-Disposition"]
    assert "immutable" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    pages = text_of(reader)
    everything = flat(" ".join(pages))

    assert len(reader.pages) >= 3
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points

    # Every page: "page x of y", the title and version stamp in the header, the permalink in the footer.
    permalink = f"http://localhost{analysis.url}v/{version.number}/"
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert f"Version {version.number} · information current as of 1 November 2026" in flat(text)
        assert permalink in flat(text).replace(" ", "") or permalink in text.replace("\n", "")

    # The first page cites the version (OSCOLA) and says what it is.
    first = flat(pages[0])
    assert "Cite this:" in first
    assert f"{analysis.title} (version {version.number}," in first.replace("\n", " ")
    assert "Method and scope" in everything
    assert "Disclaimer" in everything

    # The same paragraph numbers as the web version, in the same order, with the same words.
    items = numbered_items(version.as_page().body)
    assert len(items) > 10
    position = 0
    for item in items:
        found = everything.find(f"{item.number} ", position)
        assert found >= 0, item.number
        words = re.sub(r"<[^>]+>", " ", item.html).split()[:4]
        assert " ".join(words) in everything[found : found + 400], item.number
        position = found

    # Bookmarks: the title, then each section heading as the web page numbers it.
    sections = [f"{section.number}. {section.title}" for section in version.as_page().numbered_sections()]
    titles = outline_titles(reader)
    assert titles[0] == analysis.title
    assert [title for title in titles if re.match(r"\d+\. ", title)] == sections
    assert {"Method and scope", "Notes", "Sources cited"} <= set(titles)

    # The bibliography: each cited source with its URL and the date accessed.
    _notes, cited, _consulted = version.as_page().source_notes()
    assert cited
    for source in cited:
        assert source.title[:30] in everything
        if source.url:
            assert source.url in everything.replace(" ", "") or source.url in everything
        if source.accessed_on:
            assert f"accessed {source.accessed_on.day} {source.accessed_on:%B %Y}" in everything

    # Document metadata, for a bundle's index.
    meta = reader.metadata
    assert meta.title == f"{analysis.title}, version {version.number}"
    assert "Kazakhstan" in meta.subject
    assert "current as of 1 November 2026" in meta.subject
    assert "Kazakhstan" in meta["/Keywords"]
    assert meta.author
    assert meta.creation_date.date() == datetime.date.today()

    # Tagged (structure for assistive technology) and declared PDF/A-3a in its XMP metadata.
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp
    assert 'pdfaid:conformance="A"' in xmp


def test_the_pdf_is_made_once_and_served_from_storage(kazakhstan_pdf, client, monkeypatch):
    analysis, version, first = kazakhstan_pdf
    body = b"".join(first.streaming_content)
    stored = AnalysisVersion.objects.get(pk=version.pk)
    assert stored.pdf
    assert stored.pdf_made_at
    assert not stored.pdf_problem

    def must_not_render(version):
        raise AssertionError("rendered again")

    monkeypatch.setattr(pdf_module, "render_version_pdf", must_not_render)
    again = client.get(f"{analysis.url}v/{version.number}/pdf/")
    assert again.status_code == 200
    assert b"".join(again.streaming_content) == body


def test_the_page_and_the_api_link_to_the_pdf(client, analysis):
    version = analysis.current_version()
    pdf_url = f"{analysis.url}v/{version.number}/pdf/"
    page = client.get(analysis.url).content.decode()
    assert f'<a href="{pdf_url}" type="application/pdf">Download PDF for court bundles</a>' in page

    data = client.get(f"/api/v3/pages/{analysis.pk}/").json()
    assert data["version"]["pdf_url"] == data["version"]["url"] + "pdf/"
    assert data["version"]["pdf_url"].endswith(pdf_url)
    listed = client.get(f"/api/v3/pages/{analysis.pk}/versions/").json()
    assert [v["pdf_url"] for v in listed] == [v["url"] + "pdf/" for v in listed]
    assert len(listed) == len(analysis.published_versions())

    current = client.get(f"{analysis.url}pdf/")
    assert current.status_code == 302
    assert current["Location"] == pdf_url
    assert "max-age=300" in current["Cache-Control"]


def test_publication_makes_the_pdf_and_a_draft_has_none(
    client, kazakhstan, settings, django_capture_on_commit_callbacks
):
    settings.VERSION_PDFS_AT_PUBLICATION = True
    with django_capture_on_commit_callbacks(execute=True):
        page = make_analysis(kazakhstan, "Conscription and desertion", text="Published words about service.")
    version = page.current_version()
    assert version.pdf, "made at publication"

    # A new draft is not public, on the web or in a PDF.
    draft = AnalysisPage.objects.get(pk=page.pk)
    draft.body = [("heading", "Findings"), ("paragraph", "<p>Secretdraftword in an unpublished revision.</p>")]
    draft.save_revision()
    served = client.get(f"{page.url}v/{version.number}/pdf/")
    text = flat(" ".join(text_of(PdfReader(io.BytesIO(b"".join(served.streaming_content))))))
    assert "Published words about service." in text
    assert "Secretdraftword" not in text
    assert client.get(f"{page.url}v/1.1/pdf/").status_code == 404

    never_published = make_analysis(kazakhstan, "Unpublished analysis", live=False)
    url = f"{kazakhstan.url}{never_published.slug}/"
    assert client.get(f"{url}pdf/").status_code == 404
    assert client.get(f"{url}v/1.0/pdf/").status_code == 404


def test_a_withdrawn_version_has_no_pdf(client, kazakhstan):
    page = make_analysis(kazakhstan, "Withdrawn analysis")
    version = page.current_version()
    version.withdrawn_at = datetime.datetime.now(datetime.UTC)
    version.save()
    assert client.get(f"{page.url}v/{version.number}/pdf/").status_code == 410


def test_without_pango_the_route_says_what_is_missing_and_the_command_catches_up(client, kazakhstan, monkeypatch):
    page = make_analysis(kazakhstan, "Analysis made before Pango was installed")
    version = page.current_version()

    def no_pango():
        raise pdf_module.PdfUnavailable(
            pdf_module.MISSING_LIBRARIES.format(error="cannot load library 'libpango-1.0-0'")
        )

    monkeypatch.setattr(pdf_module, "weasyprint", no_pango)
    response = client.get(f"{page.url}v/{version.number}/pdf/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in body
    assert f'href="{page.url}v/{version.number}/"' in body
    assert "not available" in body
    assert AnalysisVersion.objects.get(pk=version.pk).pdf_problem.startswith("WeasyPrint cannot load")

    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("make_version_pdfs", stdout=io.StringIO(), stderr=err)
    assert "libpango" in err.getvalue()

    monkeypatch.undo()
    out = io.StringIO()
    call_command("make_version_pdfs", stdout=out, stderr=io.StringIO())
    assert "could not be made" in out.getvalue()
    assert " 0 could not" in out.getvalue()
    fixed = AnalysisVersion.objects.get(pk=version.pk)
    assert fixed.pdf
    assert not fixed.pdf_problem
    assert client.get(f"{page.url}v/{version.number}/pdf/").status_code == 200


def test_a_failing_render_is_recorded_and_the_publication_stands(
    client, kazakhstan, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.VERSION_PDFS_AT_PUBLICATION = True

    def broken(version):
        raise ValueError("a bug")

    monkeypatch.setattr(pdf_module, "render_version_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        page = make_analysis(kazakhstan, "Analysis whose PDF fails")
    assert AnalysisPage.objects.get(pk=page.pk).live
    version = AnalysisVersion.objects.get(page=page)
    assert version.pdf_problem == "The PDF could not be made (ValueError); the error is in the server log."
    response = client.get(f"{page.url}v/{version.number}/pdf/")
    assert response.status_code == 503
    assert "The PDF could not be made (ValueError)" in response.content.decode()


def test_the_renderer_fetches_only_the_sites_own_files():
    module = pdf_module.weasyprint()
    fetcher = pdf_module.local_fetcher_class(module)()
    with pytest.raises(ValueError, match="Not one of this site"):
        fetcher.fetch("https://example.org/tracker.png")
    with pytest.raises(ValueError, match="Not one of this site"):
        fetcher.fetch("http://169.254.169.254/latest/meta-data/")
    served = fetcher.fetch("http://localhost/static/favicon.svg")
    assert b"<svg" in served.read()


def test_republishing_the_same_revision_keeps_the_version_and_its_pdf(client, analysis):
    version = analysis.current_version()
    assert client.get(f"{analysis.url}v/{version.number}/pdf/").status_code == 200
    publish(AnalysisPage.objects.get(pk=analysis.pk))
    assert AnalysisVersion.objects.get(pk=version.pk).pdf
