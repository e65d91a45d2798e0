"""The Content-Security-Policy lets the site, the API docs and the Wagtail admin work: no violations."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from countries.models import AnalysisPage

PUBLIC_PATHS = [
    "/",
    "/eastern-europe-post-soviet-states/",
    "/eastern-europe-post-soviet-states/kazakhstan/",
    "/eastern-europe-post-soviet-states/kazakhstan/limited-political-freedoms-kazakhstan/",
    "/search/?q=kazakhstan",
    "/admin/login/",
]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
    window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def watched_page(page):
    """The page, recording CSP violations from events and from the console."""
    console = []
    page.on(
        "console",
        lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.add_init_script(RECORD_VIOLATIONS)

    def violations():
        return console + page.evaluate("window.__cspViolations || []")

    page.csp_violations = violations
    return page


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_pages_have_no_csp_violations(watched_page, seeded_live_server, path):
    response = watched_page.goto(seeded_live_server.url + path)
    assert "default-src 'self'" in response.headers["content-security-policy"]
    watched_page.wait_for_load_state("networkidle")
    assert watched_page.csp_violations() == []


def test_api_docs_render_under_the_policy(watched_page, seeded_live_server):
    watched_page.goto(seeded_live_server.url + "/api/v3/docs/")
    expect(watched_page.locator(".swagger-ui .info")).to_be_visible()
    expect(watched_page.locator(".opblock").first).to_be_visible()
    assert watched_page.csp_violations() == []


def test_admin_works_under_the_policy(watched_page, seeded_live_server):
    get_user_model().objects.create_superuser("csp-admin", "csp@example.org", "csp-admin-password")
    analysis = AnalysisPage.objects.get(slug="limited-political-freedoms-kazakhstan")

    watched_page.goto(seeded_live_server.url + "/admin/login/")
    watched_page.fill("#id_username", "csp-admin")
    watched_page.fill("#id_password", "csp-admin-password")
    watched_page.get_by_role("button", name="Sign in").click()
    expect(watched_page).to_have_url(seeded_live_server.url + "/admin/")
    expect(watched_page.locator("h1")).to_contain_text("country analyses")
    watched_page.wait_for_load_state("networkidle")
    assert watched_page.csp_violations() == []

    for path in [
        f"/admin/pages/{analysis.get_parent().pk}/",
        f"/admin/pages/{analysis.pk}/edit/",
        "/admin/images/",
        "/admin/documents/",
        analysis.url,  # the public page with the editor's user bar
    ]:
        watched_page.goto(seeded_live_server.url + path)
        watched_page.wait_for_load_state("networkidle")
        assert watched_page.csp_violations() == [], path
