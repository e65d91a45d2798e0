"""Editors see the cited sources that are broken, moved, changed or not archived, by analysis, in a
report under Reports and as counts on their dashboard; researchers and anonymous visitors do not."""

import re

import pytest
from django.contrib.auth.models import Group, Permission

from archive import monitor
from editorial.roles import EDITORS, RESEARCHERS
from tests.archive.conftest import source
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_seed_analyses")]

REPORT = "/admin/reports/cited-links/"


@pytest.fixture
def troubled(web, archiving, publish_citing):
    """Two analyses: one with a broken and a moved source, one whose source is gone (so not archived)."""
    fine = source(web.url("/page"), title="Fine source")
    broken = source(web.url("/broken"), title="Failing source")
    moved = source(web.url("/old-address"), title="Moved source")
    first = publish_citing(fine, broken, moved, title="Assembly in Almaty")
    second = publish_citing(source(web.url("/gone"), title="Gone source"), title="Border crossings")
    monitor.check_all(pacer=monitor.Pacer(0, 0))
    return first, second


@pytest.fixture
def editor(db):
    return make_user("edith", EDITORS)


@pytest.fixture
def researcher(db):
    return make_user("rita", RESEARCHERS)


def test_editors_see_the_problems_grouped_by_analysis(client, editor, troubled, web):
    first, second = troubled
    client.force_login(editor)
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    sections = re.findall(
        r'<section class="nice-padding w-mt-8" aria-labelledby="analysis-(\d+)">(.*?)</section>', html, re.S
    )
    assert [int(pk) for pk, _ in sections] == [first.pk, second.pk]  # by title: Assembly, Border
    first_rows = re.findall(r'<tr data-kind="(\w+)">.*?<a href="[^"]+">([^<]+)</a>', sections[0][1], re.S)
    assert first_rows == [
        ("broken", "Kazakhstan Bureau for Human Rights, Failing source"),
        ("moved", "Kazakhstan Bureau for Human Rights, Moved source"),
        ("not_archived", "Kazakhstan Bureau for Human Rights, Failing source"),  # it failed at publication too
    ]
    assert "HTTP 500 Internal Server Error" in sections[0][1]
    assert f'Now at <a href="{web.url("/page")}"' in sections[0][1]
    assert "Fine source" not in html
    second_rows = re.findall(r'<tr data-kind="(\w+)">', sections[1][1])
    assert second_rows == ["broken", "not_archived"]
    assert "The address answered HTTP 404 Not Found." in sections[1][1]

    export = client.get(REPORT + "?export=csv")
    assert export.status_code == 200
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert lines[0] == "Analysis,Source,URL,Problem,Detail,Now at,Found"
    assert len(lines) == 6


def test_the_dashboard_counts_the_problems_for_editors(client, editor, troubled):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    panel = re.search(r'id="cited-links-section".*?</table>', html, re.S).group(0)
    counts = dict(re.findall(r'<tr data-kind="(\w+)">.*?<td>(\d+)</td></tr>', panel, re.S))
    assert counts == {"broken": "2", "moved": "1", "changed": "0", "error": "0", "not_archived": "2"}
    assert REPORT in panel


def test_the_report_and_panel_are_for_editors_only(client, editor, researcher, troubled):
    # A researcher: no menu item, no panel, and the report itself refused.
    client.force_login(researcher)
    dashboard = client.get("/admin/").content.decode()
    assert 'id="cited-links-section"' not in dashboard
    assert "Analyses due for review" not in dashboard  # (neither does the editors' other panel show)
    assert REPORT not in dashboard
    refused = client.get(REPORT)
    assert refused.status_code == 302
    assert refused["Location"] == "/admin/"

    # The permission, not the group name, is what counts: a researcher given it sees the report.
    helpers = Group.objects.create(name="Link helpers")
    helpers.permissions.add(Permission.objects.get(codename="view_linkcheck", content_type__app_label="archive"))
    researcher.groups.add(helpers)
    client.force_login(researcher)
    assert client.get(REPORT).status_code == 200

    # Editors find it under Reports.
    client.force_login(editor)
    assert REPORT in client.get("/admin/").content.decode()

    # Anonymous visitors are sent to log in.
    client.logout()
    anonymous = client.get(REPORT)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")


def test_with_nothing_wrong_the_report_says_so(client, editor, web, archiving, publish_citing):
    publish_citing(source(web.url("/page")))
    monitor.check_all(pacer=monitor.Pacer(0, 0))
    client.force_login(editor)
    assert "No cited source of a live analysis is broken" in client.get(REPORT).content.decode()
    assert "Every cited link checked works" in client.get("/admin/").content.decode()
