"""The editorial roles and the review workflow, as data.

``apply_roles`` brings any database to exactly this state and is safe to run again. It is
written against an app registry argument so the data migration can run it on historical
models and ``manage.py setup_editorial`` on the current ones.
"""

RESEARCHERS = "Researchers"
EDITORS = "Editors"
INTAKE = "Intake"
WAGTAIL_MODERATORS = "Moderators"  # created by Wagtail's own migrations; folded into Editors

REVIEW_WORKFLOW = "Editorial review"
REVIEW_TASK = "Editor approval"
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

_RESEARCH_MODEL_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
    "countries.view_expert",
    "countries.add_source",
    "countries.change_source",
    "countries.view_source",
]
_RESEARCH_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
]

# Model-level permissions, page permissions on the tree root, and collection permissions on
# the root collection, per group.
ROLES = {
    RESEARCHERS: {
        "model": _RESEARCH_MODEL_PERMISSIONS,
        "page": ["add_page", "change_page"],
        "collection": _RESEARCH_COLLECTION_PERMISSIONS,
    },
    EDITORS: {
        "model": _RESEARCH_MODEL_PERMISSIONS
        + [
            "wagtailimages.change_image",
            "wagtailimages.delete_image",
            "wagtaildocs.change_document",
            "wagtaildocs.delete_document",
            "countries.add_expert",
            "countries.change_expert",
            "countries.delete_expert",
            "countries.delete_source",
            "countries.change_analysisversion",
            "countries.view_analysisversion",
            "home.change_contactchannels",
            "webhooks.add_webhookendpoint",
            "webhooks.change_webhookendpoint",
            "webhooks.delete_webhookendpoint",
            "webhooks.view_webhookendpoint",
            "webhooks.view_webhookdelivery",
            # The cited-links report and its dashboard panel (the link monitor, archiving failures).
            "archive.view_linkcheck",
            "archive.view_snapshot",
        ],
        "page": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        "collection": _RESEARCH_COLLECTION_PERMISSIONS
        + [
            "wagtailimages.change_image",
            "wagtailimages.delete_image",
            "wagtaildocs.change_document",
            "wagtaildocs.delete_document",
        ],
    },
    # The permission that guards consultation submissions is defined by the contact app.
    INTAKE: {
        "model": ["wagtailadmin.access_admin", "contact.access_consultation_submissions"],
        "page": [],
        "collection": [],
    },
}


def _permission(apps, dotted):
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(apps, codename):
    return _permission(apps, f"wagtailcore.{codename}")


def apply_roles(apps):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}

    moderators = Group.objects.filter(name=WAGTAIL_MODERATORS).first()
    if moderators is not None:
        # Wagtail's publishing role is our Editors: keep its people, drop the duplicate role.
        for user in moderators.user_set.all():
            user.groups.add(groups[EDITORS])
        moderators.delete()

    for name, spec in ROLES.items():
        group = groups[name]
        group.permissions.set([_permission(apps, dotted) for dotted in spec["model"]])

        wanted_page = {_page_permission(apps, codename).pk for codename in spec["page"]}
        GroupPagePermission.objects.filter(group=group).exclude(page=root_page, permission_id__in=wanted_page).delete()
        if root_page is not None:
            for permission_id in wanted_page:
                GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission_id=permission_id)

        wanted_collection = {_permission(apps, dotted).pk for dotted in spec["collection"]}
        GroupCollectionPermission.objects.filter(group=group).exclude(
            collection=root_collection, permission_id__in=wanted_collection
        ).delete()
        if root_collection is not None:
            for permission_id in wanted_collection:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission_id=permission_id
                )
    return groups


def apply_review_workflow(apps):
    """One active workflow, "Editorial review", with an Editors approval task, on the tree root."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")

    for default in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW):
        in_progress = WorkflowState.objects.filter(workflow=default, status="in_progress")
        TaskState.objects.filter(workflow_state__in=in_progress, status="in_progress").update(status="cancelled")
        in_progress.update(status="cancelled")
        WorkflowPage.objects.filter(workflow=default).delete()
        default.active = False
        default.save(update_fields=["active"])

    task = _review_task(apps, ContentType)
    task.groups.set([Group.objects.get(name=EDITORS)])

    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": 0})
    _retire_plain_review_task(apps, workflow, task)

    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    return workflow


def _review_task(apps, ContentType):
    """The approval task of the review workflow: ``editorial.EditorApprovalTask`` (the approval names
    the version) once that model exists, Wagtail's plain group approval in the first migration."""
    try:
        model = apps.get_model("editorial", "EditorApprovalTask")
        label = ("editorial", "editorapprovaltask")
    except LookupError:
        model = apps.get_model("wagtailcore", "GroupApprovalTask")
        label = ("wagtailcore", "groupapprovaltask")
    task_type, _ = ContentType.objects.get_or_create(app_label=label[0], model=label[1])
    task, _ = model.objects.get_or_create(name=REVIEW_TASK, defaults={"content_type": task_type, "active": True})
    return task


def _retire_plain_review_task(apps, workflow, task):
    """A database set up before approvals named versions has a plain group approval task: its task
    states (history and reviews in progress) move to the new task, which takes its place."""
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    for old in GroupApprovalTask.objects.filter(name=REVIEW_TASK).exclude(pk=task.pk):
        if old.content_type.model != "groupapprovaltask":
            continue  # the new task itself, seen through its parent table
        TaskState.objects.filter(task_id=old.pk).update(task_id=task.pk)
        WorkflowTask.objects.filter(workflow=workflow, task_id=old.pk).delete()
        old.delete()
