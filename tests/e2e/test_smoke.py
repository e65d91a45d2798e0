import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

ANALYSIS_TITLE = "Limited Political Freedoms Encourage Citizens to Flee Kazakhstan"


def serious_violations(page):
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_visitor_clicks_from_home_to_the_kazakhstan_analysis(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/")
    expect(page.locator("h1")).to_have_text("Refuge and Protection of Human Rights Worldwide")
    page.get_by_role("main").get_by_role("link", name="Eastern Europe & Post-Soviet States").click()
    expect(page.locator("h1")).to_have_text("Eastern Europe & Post-Soviet States")
    page.get_by_role("main").get_by_role("link", name="Kazakhstan", exact=True).click()
    expect(page.locator("h1")).to_have_text("Kazakhstan")
    page.get_by_role("link", name=ANALYSIS_TITLE).click()
    expect(page.locator("h1")).to_have_text(ANALYSIS_TITLE)
    page.get_by_role("link", name="Elections Without Choice").click()
    expect(page).to_have_url(
        f"{seeded_live_server.url}/eastern-europe-post-soviet-states/kazakhstan/limited-political-freedoms-kazakhstan/#elections-without-choice"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/eastern-europe-post-soviet-states/kazakhstan/",
        "/eastern-europe-post-soviet-states/kazakhstan/limited-political-freedoms-kazakhstan/",
    ],
)
def test_no_serious_accessibility_violations(page, seeded_live_server, path):
    page.goto(seeded_live_server.url + path)
    assert serious_violations(page) == []


def test_pages_fit_a_phone_screen(page, seeded_live_server):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(
        seeded_live_server.url + "/eastern-europe-post-soviet-states/kazakhstan/limited-political-freedoms-kazakhstan/"
    )
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375
