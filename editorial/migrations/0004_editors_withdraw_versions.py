"""Editors may withdraw a published version of an analysis (the *Analysis versions* list)."""

import importlib

from django.db import migrations


def forwards(apps, schema_editor):
    from editorial.roles import apply_roles

    first = importlib.import_module("editorial.migrations.0001_roles_and_review_workflow")
    first.ensure_permissions_exist(apps)
    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("editorial", "0003_researchers_manage_sources")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
