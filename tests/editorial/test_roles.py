import io

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowState

from editorial.roles import EDITORS, INTAKE, RESEARCHERS, REVIEW_WORKFLOW
from tests.factories import make_user


def page_permissions(name):
    return set(GroupPagePermission.objects.filter(group__name=name).values_list("permission__codename", flat=True))


def model_permissions(name):
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename")
    }


def test_exactly_the_three_roles_exist(db):
    assert set(Group.objects.values_list("name", flat=True)) == {RESEARCHERS, EDITORS, INTAKE}


def test_researchers_may_write_but_not_publish_lock_or_configure(db):
    assert page_permissions(RESEARCHERS) == {"add_page", "change_page"}
    perms = model_permissions(RESEARCHERS)
    assert {"wagtailadmin.access_admin", "wagtailimages.add_image", "wagtaildocs.add_document"} <= perms
    assert "home.change_contactchannels" not in perms
    assert "countries.change_expert" not in perms


def test_editors_add_publishing_locking_settings_and_snippets(db):
    assert page_permissions(EDITORS) == {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}
    perms = model_permissions(EDITORS)
    assert {"home.change_contactchannels", "countries.add_expert", "countries.change_expert"} <= perms
    assert {"webhooks.add_webhookendpoint", "webhooks.view_webhookdelivery"} <= perms
    assert model_permissions(RESEARCHERS) < perms


def test_intake_only_reaches_the_admin_and_the_submissions(db):
    assert page_permissions(INTAKE) == set()
    assert model_permissions(INTAKE) == {"wagtailadmin.access_admin", "contact.access_consultation_submissions"}
    call_command("setup_editorial", stdout=io.StringIO())
    assert "contact.access_consultation_submissions" in model_permissions(INTAKE)


def test_review_workflow_covers_the_whole_tree(home, analysis):
    workflow = Workflow.objects.get(name=REVIEW_WORKFLOW)
    assert workflow.active
    assert [t.name for t in workflow.tasks] == ["Editor approval"]
    assert list(workflow.tasks[0].specific.groups.values_list("name", flat=True)) == [EDITORS]
    assert WorkflowPage.objects.filter(page=Page.get_first_root_node(), workflow=workflow).exists()
    assert WorkflowPage.objects.filter(page=home, workflow=workflow).exists()
    assert analysis.get_workflow() == workflow
    assert not Workflow.objects.filter(active=True).exclude(pk=workflow.pk).exists()


def test_existing_database_is_reconciled(db):
    """A database that still has Wagtail's Moderators group and workflow ends in the intended state."""
    moderators = Group.objects.create(name="Moderators")
    moderator = make_user("mo")
    moderator.groups.add(moderators)
    GroupPagePermission.objects.create(
        group=Group.objects.get(name=RESEARCHERS),
        page=Page.get_first_root_node(),
        permission=Permission.objects.get(codename="publish_page"),
    )
    default = Workflow.objects.get(name="Moderators approval")
    WorkflowPage.objects.filter(page=Page.get_first_root_node()).update(workflow=default)
    default.active = True
    default.save()

    call_command("setup_editorial", stdout=io.StringIO())

    assert not Group.objects.filter(name="Moderators").exists()
    assert moderator.groups.filter(name=EDITORS).exists()
    assert page_permissions(RESEARCHERS) == {"add_page", "change_page"}
    assert not Workflow.objects.get(name="Moderators approval").active
    assert WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow.name == REVIEW_WORKFLOW


def test_setup_is_idempotent(db):
    def snapshot():
        return (
            sorted(Group.objects.values_list("name", flat=True)),
            GroupPagePermission.objects.count(),
            sorted((g.name, g.permissions.count()) for g in Group.objects.all()),
            Workflow.objects.count(),
            WorkflowPage.objects.count(),
            WorkflowState.objects.count(),
        )

    before = snapshot()
    call_command("setup_editorial", stdout=io.StringIO())
    call_command("setup_editorial", stdout=io.StringIO())
    assert snapshot() == before
