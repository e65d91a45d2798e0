from playwright.sync_api import expect

from tests.e2e.test_smoke import serious_violations

ANALYSIS_TITLE = "Limited Political Freedoms Encourage Citizens to Flee Kazakhstan"


def test_visitor_searches_filters_to_kazakhstan_and_opens_the_analysis(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/")
    page.get_by_role("searchbox", name="Search country analyses").fill("elections")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("status")).to_contain_text("for “elections”")
    expect(page.locator(".search-result__snippet mark").first).to_have_text("elections", ignore_case=True)
    assert serious_violations(page) == []

    page.get_by_role("complementary").get_by_role("link", name="Kazakhstan (1)").click()
    expect(page).to_have_url(f"{seeded_live_server.url}/search/?q=elections&country=kazakhstan")
    expect(page.get_by_role("link", name="Remove filter: Country Kazakhstan")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("1 analysis")
    assert serious_violations(page) == []

    page.get_by_role("link", name=ANALYSIS_TITLE).click()
    expect(page.locator("h1")).to_have_text(ANALYSIS_TITLE)


def test_no_results_page_suggests_a_country(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/search/?q=Kazahkstan")
    expect(page.get_by_role("status")).to_contain_text("No analyses match")
    page.get_by_role("link", name="Kazakhstan").first.click()
    expect(page.get_by_role("status")).to_contain_text("1 analysis")
    assert serious_violations(page) == []
