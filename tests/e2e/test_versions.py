"""A reader links to a paragraph and cites a version, in Chromium."""

from playwright.sync_api import expect

from countries.models import AnalysisPage
from tests.e2e.test_smoke import serious_violations

SLUG = "limited-political-freedoms-kazakhstan"


def republished(text):
    """Publish version 1.1 of the seeded analysis with a paragraph inserted at the top."""
    page = AnalysisPage.objects.get(slug=SLUG)
    body = [{"type": b.block_type, "value": b.block.get_prep_value(b.value), "id": b.id} for b in page.body]
    body.insert(1, {"type": "paragraph", "value": f"<p>{text}</p>", "id": "inserted-e2e"})
    page.body = body
    page.save_revision().publish()
    return AnalysisPage.objects.get(pk=page.pk)


def test_a_reader_copies_a_paragraph_link_and_lands_on_that_paragraph(page, seeded_live_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=seeded_live_server.url)
    analysis = AnalysisPage.objects.get(slug=SLUG)
    page.goto(seeded_live_server.url + analysis.url)
    paragraph = page.locator("#p-3\\.1")
    expected_text = paragraph.locator(".para__text").inner_text()
    paragraph.get_by_role("button", name="Copy the link to paragraph 3.1").click()
    expect(paragraph.get_by_role("button", name="Copy the link to paragraph 3.1")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"{analysis.url}v/1.0/#p-3.1")
    assert serious_violations(page) == []

    # The analysis is revised: numbers shift on the live page, the copied link still holds.
    republished("A new opening finding.")
    page.goto(copied.replace("http://localhost", seeded_live_server.url))
    target = page.locator(":target")
    expect(target).to_have_attribute("id", "p-3.1")
    expect(target.locator(".para__text")).to_have_text(expected_text)
    expect(page.get_by_role("note").filter(has_text="This is version 1.0 as it was published.")).to_be_visible()


def test_the_version_list_and_the_comparison_page_are_accessible(page, seeded_live_server):
    republished("A new opening finding.")
    analysis = AnalysisPage.objects.get(slug=SLUG)
    page.goto(seeded_live_server.url + analysis.url)
    expect(page.get_by_text("Version 1.1, published")).to_be_visible()
    page.get_by_text("All versions (2)").click()
    expect(page.get_by_role("link", name="Version 1.0")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("link", name="What changed since the previous version").click()
    expect(page.locator("h1")).to_have_text("What changed in version 1.1")
    expect(page.locator(".changes__row--added")).to_contain_text("A new opening finding.")
    assert serious_violations(page) == []
    page.goto(seeded_live_server.url + analysis.url + "v/1.0/")
    assert serious_violations(page) == []
