import datetime

from django.utils import timezone

from editorial.panels import analyses_due_for_review
from tests.factories import AnalysisPageFactory


def due_in(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_panel_lists_overdue_and_soon_due_analyses_soonest_first(client, kazakhstan, editor, analysis):
    AnalysisPageFactory(parent=kazakhstan, title="Due in a year", next_review_due=due_in(365))
    AnalysisPageFactory(parent=kazakhstan, title="Due in ten days", next_review_due=due_in(10))
    AnalysisPageFactory(parent=kazakhstan, title="Overdue by a week", next_review_due=due_in(-7))
    AnalysisPageFactory(parent=kazakhstan, title="Draft overdue", next_review_due=due_in(-7), live=False)

    assert [a.title for a in analyses_due_for_review()] == ["Overdue by a week", "Due in ten days"]

    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "Analyses due for review" in html
    assert html.index("Overdue by a week") < html.index("Due in ten days")
    assert "Due in a year" not in html
    assert "Draft overdue" not in html
    assert "<strong>Overdue</strong>" in html


def test_researchers_do_not_get_the_panel(client, researcher):
    client.force_login(researcher)
    assert "Analyses due for review" not in client.get("/admin/").content.decode()


def test_public_page_states_currency_and_pending_update(client, kazakhstan):
    page = AnalysisPageFactory(
        parent=kazakhstan,
        title="Overdue analysis",
        current_as_of=datetime.date(2025, 3, 1),
        next_review_due=due_in(-1),
    )
    html = client.get(page.url).content.decode()
    assert "Information current as of" in html
    assert "1 March 2025" in html
    assert "An update of this analysis is pending." in html
