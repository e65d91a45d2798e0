"""The backup drill: back up a running site's database and media, restore into an empty database, and the
restored site serves the same pages, revisions and form submissions. SQLite in the SQLite run (online
backup), PostgreSQL in the PostgreSQL run (pg_dump and pg_restore)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")

SNAPSHOT = """
import hashlib, json
from django.test import Client
from wagtail.models import Page, Revision
from wagtail.contrib.forms.models import FormSubmission
client = Client()
pages = {p.url_path: hashlib.sha256(client.get(p.url).content).hexdigest()
         for p in Page.objects.live().filter(depth__gt=2)[:5]}
print(json.dumps({"pages": pages, "revisions": Revision.objects.count(),
                  "submissions": sorted(FormSubmission.objects.values_list("form_data", flat=True), key=str)}))
"""

SUBMIT = """
from contact.models import ConsultationFormPage
from wagtail.contrib.forms.models import FormSubmission
FormSubmission.objects.create(page=ConsultationFormPage.objects.get(), form_data={"full_name": "Restored Person"})
"""


def manage(env, *args):
    return subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, MANAGE, *args], env=env, capture_output=True, text=True, timeout=300, check=True
    ).stdout


def site_env(database_url, media_root):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
    }


@pytest.fixture
def databases(tmp_path):
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'site.sqlite3'}", f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    names = ["cms_backup_source", "cms_backup_restored"]
    for name in names:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)  # noqa: S603, S607
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)  # noqa: S603, S607
    yield tuple(f"postgres://postgres@127.0.0.1:5432/{name}" for name in names)
    for name in names:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=False)  # noqa: S603, S607


@pytest.mark.skipif(connection.vendor not in ("sqlite", "postgresql"), reason="SQLite and PostgreSQL only")
def test_backup_and_restore_into_an_empty_database_serve_the_same_site(tmp_path, databases):
    source_url, restored_url = databases
    source = site_env(source_url, tmp_path / "media")
    (tmp_path / "media" / "documents").mkdir(parents=True)
    (tmp_path / "media" / "documents" / "evidence.txt").write_text("uploaded evidence")
    manage(source, "migrate", "--noinput", "-v0")
    manage(source, "load_seed_content")
    manage(source, "shell", "-v0", "-c", SUBMIT)
    before = json.loads(manage(source, "shell", "-v0", "-c", SNAPSHOT))

    manage(source, "backup", str(tmp_path / "backup"))
    assert json.loads((tmp_path / "backup" / "manifest.json").read_text())["vendor"] == connection.vendor

    restored = site_env(restored_url, tmp_path / "restored-media")
    manage(restored, "restore", str(tmp_path / "backup"))
    after = json.loads(manage(restored, "shell", "-v0", "-c", SNAPSHOT))
    assert after == before
    assert len(before["pages"]) == 5
    assert before["revisions"] > 0
    assert before["submissions"] == [{"full_name": "Restored Person"}]
    assert (tmp_path / "restored-media" / "documents" / "evidence.txt").read_text() == "uploaded evidence"

    # A second restore would mix two sites: refused, and the restored database is left as it is.
    again = subprocess.run(  # noqa: S603
        [sys.executable, MANAGE, "restore", str(tmp_path / "backup")], env=restored, capture_output=True, text=True
    )
    assert again.returncode != 0
    assert "not empty" in again.stderr
