"""Editors see the cited-links report and its dashboard panel (archive app: link checks, archived copies)."""

import importlib

from django.db import migrations


def forwards(apps, schema_editor):
    from editorial.roles import apply_roles

    first = importlib.import_module("editorial.migrations.0001_roles_and_review_workflow")
    first.ensure_permissions_exist(apps)
    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0004_editors_withdraw_versions"),
        ("archive", "0001_snapshots_and_link_checks"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
