"""Role × action × page type, as Wagtail's own permission tester answers it (the admin and API ask it too)."""

import pytest
from django.contrib.auth.models import Group

from countries.models import AnalysisPage, CountryPage, RegionPage
from editorial.roles import EDITORS, INTAKE, RESEARCHERS
from tests.factories import make_user

PAGE_TYPES = {
    "region": lambda: RegionPage.objects.get(slug="eastern-europe-post-soviet-states"),
    "country": lambda: CountryPage.objects.get(iso_code="KZ"),
    "analysis": lambda: AnalysisPage.objects.get(slug="limited-political-freedoms-kazakhstan"),
}

ACTIONS = {
    "edit": lambda p: p.can_edit(),
    "add child": lambda p: p.can_add_subpage(),
    "publish": lambda p: p.can_publish(),
    "unpublish": lambda p: p.can_unpublish(),
    "delete live page": lambda p: p.can_delete(),
    "lock": lambda p: p.can_lock(),
    "unlock": lambda p: p.can_unlock(),
    # Wagtail shows the submit button only to users who may edit.
    "submit for review": lambda p: p.can_edit() and p.can_submit_for_moderation(),
}

# Analyses have no children, so "add child" is False for everyone there.
EXPECTED = {
    RESEARCHERS: {"edit", "add child", "submit for review"},
    EDITORS: {"edit", "add child", "publish", "unpublish", "delete live page", "lock", "unlock", "submit for review"},
    INTAKE: set(),
}


@pytest.mark.parametrize("role", [RESEARCHERS, EDITORS, INTAKE])
@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_page_permission_matrix(db, role, page_type, action):
    user = make_user(f"user-{role.lower()}", role)
    page = PAGE_TYPES[page_type]()
    if action == "delete live page" and page_type != "analysis":
        # Deleting a region or country would take its live descendants with it.
        expected = False
    elif action == "add child" and page_type == "analysis":
        expected = False
    else:
        expected = action in EXPECTED[role]
    tester = page.permissions_for_user(user)
    assert ACTIONS[action](tester) is expected, f"{role} / {action} / {page_type}"


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (RESEARCHERS, {"countries.view_expert"}),
        (
            EDITORS,
            {"countries.view_expert", "countries.add_expert", "countries.change_expert", "countries.delete_expert"},
        ),
        (INTAKE, set()),
    ],
)
def test_expert_snippet_permissions(db, role, allowed):
    user = make_user(f"snippet-{role.lower()}", role)
    actions = {f"countries.{a}_expert" for a in ("view", "add", "change", "delete")}
    assert {perm for perm in actions if user.has_perm(perm)} == allowed


@pytest.mark.parametrize(("role", "allowed"), [(RESEARCHERS, False), (EDITORS, True), (INTAKE, False)])
def test_site_settings_permission(db, role, allowed):
    user = make_user(f"settings-{role.lower()}", role)
    assert user.has_perm("home.change_contactchannels") is allowed


@pytest.mark.parametrize(("role", "allowed"), [(RESEARCHERS, True), (EDITORS, True), (INTAKE, True)])
def test_every_role_reaches_the_admin(db, client, role, allowed):
    user = make_user(f"admin-{role.lower()}", role)
    client.force_login(user)
    assert (client.get("/admin/").status_code == 200) is allowed


def test_a_user_without_a_role_cannot_reach_the_admin(db, client):
    user = make_user("stranger")
    client.force_login(user)
    assert client.get("/admin/").status_code == 302
    assert not Group.objects.filter(user=user).exists()


@pytest.mark.parametrize(("role", "allowed"), [(RESEARCHERS, False), (EDITORS, False), (INTAKE, True)])
def test_only_intake_reads_consultation_submissions(db, role, allowed):
    user = make_user(f"submissions-{role.lower()}", role)
    assert user.has_perm("contact.access_consultation_submissions") is allowed
