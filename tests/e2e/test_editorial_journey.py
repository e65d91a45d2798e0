"""A researcher writes and submits an analysis; an editor rejects it, then approves the fix; the public sees it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from countries.models import CountryPage

TITLE = "Journalists detained after the January protests"


@pytest.fixture
def accounts(seeded_live_server):
    User = get_user_model()
    for username, group in (("rita", "Researchers"), ("edith", "Editors")):
        user = User.objects.create_user(username, f"{username}@example.org", f"pass-{username}-123")
        user.groups.add(Group.objects.get(name=group))
    return seeded_live_server.url


def log_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pass-{username}-123")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def log_out(page, base_url):
    page.context.clear_cookies()


def review_row(page):
    row = page.locator("tr", has_text=TITLE).first
    row.get_by_role("button", name="Actions").click()
    return row


def test_review_journey(page, accounts):
    base_url = accounts
    kazakhstan = CountryPage.objects.get(iso_code="KZ")

    # The researcher writes the analysis under Kazakhstan and submits it.
    log_in(page, base_url, "rita")
    page.goto(f"{base_url}/admin/pages/{kazakhstan.pk}/")
    page.goto(f"{base_url}/admin/pages/add/countries/analysispage/{kazakhstan.pk}/")
    page.fill("#id_title", TITLE)
    page.fill("#id_standfirst", "Journalists who covered the protests are held without trial.")
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Section heading").click()
    page.locator("input[name='body-0-value']").fill("Arrests")
    page.fill("#id_current_as_of", "2026-11-20")
    page.locator("#id_title").click()  # closes the date picker
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Editorial review").click()
    expect(page.locator(".messages")).to_contain_text("submitted for moderation")
    log_out(page, base_url)

    # The editor finds it awaiting review and asks for changes.
    log_in(page, base_url, "edith")
    expect(page.get_by_text("Awaiting your review")).to_be_visible()
    review_row(page).get_by_role("button", name="Request changes").click()
    dialog = page.get_by_role("dialog")
    dialog.locator("textarea").fill("Name the prison and cite the court records.")
    dialog.get_by_role("button", name="Request changes").click()
    expect(page.locator("tr", has_text=TITLE)).to_have_count(0)
    log_out(page, base_url)

    # The researcher sees the comment, fixes the standfirst and resubmits.
    log_in(page, base_url, "rita")
    page.goto(f"{base_url}/admin/pages/{kazakhstan.pk}/")
    page.get_by_role("link", name=re.compile(TITLE)).first.click()
    page.get_by_role("button", name="Status").first.click()
    status_panel = page.locator("[data-side-panel='status']")
    expect(status_panel.get_by_text("Changes requested").first).to_be_visible()
    page.fill("#id_standfirst", "Twelve journalists are held in Zhaslyk prison, court records show.")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("Resubmit")).click()
    expect(page.locator(".messages")).to_contain_text("submitted for moderation")
    log_out(page, base_url)

    # The editor approves; the analysis goes live.
    log_in(page, base_url, "edith")
    # Approving an analysis names its version: the modal asks for the size of the change and a note.
    review_row(page).get_by_role("button", name="Approve and publish…").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("radio", name=re.compile("^Minor"))).to_be_checked()
    dialog.get_by_label("What changed (shown to readers with the new version)").fill("First publication.")
    dialog.get_by_role("button", name="Approve and publish…").click()
    expect(page.locator("tr", has_text=TITLE)).to_have_count(0)
    log_out(page, base_url)

    page.goto(f"{base_url}{kazakhstan.url}")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".lead")).to_contain_text("Zhaslyk prison")
    expect(page.get_by_text("What changed in version 1.0")).to_be_visible()
    expect(page.get_by_text("First publication.")).to_be_visible()
