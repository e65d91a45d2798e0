"""Give the Intake group what it needs to read consultation submissions (creating the group if needed).

Permissions are normally created after migrations run, so this creates the one it grants. The
editorial app may create the same group; both use get_or_create, so the order does not matter.
"""

from django.db import migrations

INTAKE_GROUP = "Intake"
GRANTS = [
    # (app_label, model, codename, name)
    ("contact", "consultationformpage", "access_consultation_submissions",
     "Can list, read, export and delete consultation form submissions"),
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=INTAKE_GROUP)
    for app_label, model, codename, name in GRANTS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=INTAKE_GROUP).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="contact", codename="access_consultation_submissions"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contact", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
