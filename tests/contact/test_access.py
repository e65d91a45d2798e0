"""Only the Intake group and superusers may list, read, export and delete submissions."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission

from contact.models import ConsultationFormPage
from contact.permissions import INTAKE_GROUP, INTAKE_PERMISSIONS, SUBMISSIONS_PERMISSION

READERS = {"intake", "superuser"}
EVERYONE = ["anonymous", "researcher", "editor", "intake", "superuser"]


@pytest.fixture
def submission(consultation):
    return FormSubmission.objects.create(
        page=consultation,
        form_data={"full_name": "Amina Haidari", "email": "amina@example.org", "case_description": "Secret details"},
    )


def login(client, users, who):
    if users[who] is not None:
        client.force_login(users[who])


def listing_url(page):
    return reverse("wagtailforms:list_submissions", args=[page.pk])


def delete_url(page, *submissions):
    query = "&".join(f"selected-submissions={s.pk}" for s in submissions)
    return f"{reverse('wagtailforms:delete_submissions', args=[page.pk])}?{query}"


def test_the_migration_gives_intake_its_permissions(db):
    group = Group.objects.get(name=INTAKE_GROUP)
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert set(INTAKE_PERMISSIONS) <= granted


def test_the_migration_is_idempotent(db):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("contact.migrations.0002_intake_group_permissions")
    group = Group.objects.get(name=INTAKE_GROUP)
    before = set(group.permissions.values_list("pk", flat=True))
    migration.grant(apps, None)
    assert set(group.permissions.values_list("pk", flat=True)) == before
    assert Group.objects.filter(name=INTAKE_GROUP).count() == 1


@pytest.mark.parametrize("who", EVERYONE)
def test_listing(client, users, who, consultation, submission):
    login(client, users, who)
    response = client.get(listing_url(consultation))
    if who in READERS:
        assert response.status_code == 200
        assert "Secret details" in response.content.decode()
    elif who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    else:
        assert response.status_code in (302, 403)
        assert "Secret details" not in response.content.decode()


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_export(client, users, who, export, consultation, submission):
    login(client, users, who)
    response = client.get(f"{listing_url(consultation)}?export={export}")
    if who in READERS:
        assert response.status_code == 200
        assert b"".join(response.streaming_content)
    else:
        assert response.status_code in (302, 403)


@pytest.mark.parametrize("who", EVERYONE)
def test_forms_index_and_menu(client, users, who, consultation, submission):
    login(client, users, who)
    response = client.get(reverse("wagtailforms:index"))
    if who in READERS:
        assert response.status_code == 200
        assert listing_url(consultation) in response.content.decode()
        assert '"url": "/admin/forms/"' in client.get("/admin/").content.decode()
    elif who == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code in (302, 403)
        assert '"url": "/admin/forms/"' not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("who", EVERYONE)
def test_delete(client, users, who, consultation, submission):
    login(client, users, who)
    confirm = client.get(delete_url(consultation, submission))
    response = client.post(delete_url(consultation, submission))
    if who in READERS:
        assert confirm.status_code == 200
        assert response.status_code == 302
        assert not FormSubmission.objects.filter(pk=submission.pk).exists()
    else:
        assert confirm.status_code in (302, 403)
        assert response.status_code in (302, 403)
        assert FormSubmission.objects.filter(pk=submission.pk).exists()


@pytest.fixture
def other_form(home):
    page = ConsultationFormPage(title="Another form", slug="another-form")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("who", EVERYONE)
def test_delete_endpoint_of_another_page_cannot_reach_these_submissions(
    client, users, who, consultation, submission, other_form
):
    login(client, users, who)
    client.get(delete_url(other_form, submission))
    response = client.post(delete_url(other_form, submission))
    assert FormSubmission.objects.filter(pk=submission.pk).exists()
    if who not in READERS:
        assert response.status_code in (302, 403)


def test_editors_who_can_edit_the_form_page_still_cannot_read_it(client, users, consultation, submission):
    editor = users["editor"]
    assert consultation.permissions_for_user(editor).can_edit()
    assert not editor.has_perm(SUBMISSIONS_PERMISSION)
    client.force_login(editor)
    response = client.get(listing_url(consultation), follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert "Sorry, you do not have permission to access this area." in response.content.decode()
    assert "Secret details" not in response.content.decode()


def test_intake_cannot_edit_pages(client, users, consultation):
    client.force_login(users["intake"])
    assert client.get(reverse("wagtailadmin_pages:edit", args=[consultation.pk])).status_code in (302, 403)


def test_permission_is_offered_in_the_group_editor(client, users, groups):
    client.force_login(users["superuser"])
    html = client.get(reverse("wagtailusers_groups:edit", args=[groups["Intake"].pk])).content.decode()
    assert "Can list, read, export and delete consultation form submissions" in html


def test_markup_in_a_submission_is_shown_escaped_in_the_admin(client, users, consultation):
    FormSubmission.objects.create(page=consultation, form_data={"full_name": '<img src=x onerror="alert(1)">'})
    client.force_login(users["intake"])
    html = client.get(listing_url(consultation)).content.decode()
    assert '<img src=x onerror="alert(1)">' not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_the_notification_link_shows_just_that_submission(client, users, consultation):
    first = FormSubmission.objects.create(page=consultation, form_data={"full_name": "First Person"})
    FormSubmission.objects.create(page=consultation, form_data={"full_name": "Second Person"})
    client.force_login(users["intake"])
    html = client.get(f"{listing_url(consultation)}?submission={first.pk}").content.decode()
    assert "First Person" in html
    assert "Second Person" not in html
