from django.contrib.auth.management import create_permissions
from django.db import migrations


def ensure_permissions_exist(apps):
    # Model permissions are normally created after all migrations ran; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def forwards(apps, schema_editor):
    from editorial.roles import apply_review_workflow, apply_roles

    ensure_permissions_exist(apps)
    apply_roles(apps)
    apply_review_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("countries", "0001_initial"),
        ("home", "0001_initial"),
        ("contact", "0002_intake_group_permissions"),
        ("webhooks", "0002_editors_manage_webhooks"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
