"""A visitor signs up for a consultation in Chromium: a field error, a correction, the thank-you page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.contrib.forms.models import FormSubmission

from .test_smoke import serious_violations


@pytest.fixture
def quick_form(settings):
    # The live server runs in this process, so the override applies to it; a second is still enforced.
    settings.FORM_MIN_SECONDS_TO_FILL = 1


def test_visitor_corrects_a_field_error_and_is_thanked(page, seeded_live_server, quick_form):
    page.goto(seeded_live_server.url + "/")
    page.get_by_role("link", name="Get a Sample Report, Expert CV, and Free Consultation").first.click()
    expect(page.locator("h1")).to_have_text("Contact Us and Get a Sample Report, Expert CV, and Free Consultation")
    assert serious_violations(page) == []

    page.get_by_label("Full name").fill("Amina Haidari")
    page.get_by_label("Email").fill("amina@")
    page.get_by_label("Phone / WhatsApp").fill("+44 20 7946 0000")
    page.get_by_label("An asylum applicant").check()
    page.get_by_label("Country of origin").select_option("Kazakhstan")
    page.get_by_label("Short description of the case").fill("Detained after a peaceful protest.")
    meeting = (timezone.now() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Preferred time for a Zoom meeting").fill(meeting)
    page.get_by_label("A sample report").check()
    page.get_by_label("I agree that The Human Rights may process").check()
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Send").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please correct 1 answer")
    email = page.get_by_label("Email")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_email_error")).to_contain_text("Enter a valid email address.")
    assert serious_violations(page) == []
    summary.get_by_role("link", name="Email: Enter a valid email address.").click()
    expect(email).to_be_focused()
    # Everything else was kept.
    expect(page.get_by_label("Full name")).to_have_value("Amina Haidari")
    expect(page.get_by_label("A sample report")).to_be_checked()
    assert FormSubmission.objects.count() == 0

    email.fill("amina@example.org")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("h1")).to_have_text("Thank you")
    expect(page.get_by_role("main")).to_contain_text("will reply by e-mail")
    assert serious_violations(page) == []
    stored = FormSubmission.objects.get().form_data
    assert stored["email"] == "amina@example.org"
    assert stored["country_of_origin"] == "Kazakhstan"
