"""Researchers add and edit sources (the Sources snippet); editors may also delete them."""

import importlib

from django.db import migrations


def forwards(apps, schema_editor):
    from editorial.roles import apply_roles

    # The same step as the first migration: model permissions exist only after migrate, roles need them now.
    first = importlib.import_module("editorial.migrations.0001_roles_and_review_workflow")
    first.ensure_permissions_exist(apps)
    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_approval_task_names_the_version"),
        ("countries", "0008_sources_as_snippets"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
