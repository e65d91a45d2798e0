"""A consistent copy of the database and the media files, and its restore into an empty database.

PostgreSQL is dumped with ``pg_dump --format=custom`` (one snapshot, taken while the site runs) and
restored with ``pg_restore``; SQLite is copied with SQLite's online backup API, never as a file copy of a
database that may be mid-write. Media files (images, documents) go into a tar archive beside it, with a
manifest saying what the backup holds.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def program(name):
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: postgresql-client).")
    return path


def _postgres_env(database):
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return env


def _postgres_args(database):
    args = ["--host", database.get("HOST") or "127.0.0.1", "--port", str(database.get("PORT") or 5432)]
    if database.get("USER"):
        args += ["--username", database["USER"]]
    return args


def backup(target_folder):
    """Write a backup into ``target_folder`` (created; must not exist) and return its manifest."""
    folder = Path(target_folder)
    folder.mkdir(parents=True, exist_ok=False)
    database = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        dump = folder / "database.pgdump"
        subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [
                program("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--file",
                str(dump),
                *_postgres_args(database),
                database["NAME"],
            ],
            env=_postgres_env(database),
            check=True,
        )
    elif connection.vendor == "sqlite":
        dump = folder / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(dump) as copy:
            connection.connection.backup(copy)
    else:
        raise BackupError(f"No backup for {connection.vendor} databases.")
    media = folder / "media.tar.gz"
    with tarfile.open(media, "w:gz") as archive:
        if Path(settings.MEDIA_ROOT).exists():
            archive.add(settings.MEDIA_ROOT, arcname="media")
    manifest = {
        "created": datetime.datetime.now(datetime.UTC).isoformat(),
        "vendor": connection.vendor,
        "database": dump.name,
        "media": media.name,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def database_is_empty():
    return not connection.introspection.table_names()


def restore(source_folder):
    """Restore a backup into the configured database, which must be empty, and the media folder."""
    folder = Path(source_folder)
    manifest = json.loads((folder / MANIFEST).read_text())
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"This is a {manifest['vendor']} backup; the database is {connection.vendor}.")
    if not database_is_empty():
        raise BackupError("The database is not empty: restore into a new, empty database.")
    database = settings.DATABASES["default"]
    dump = folder / manifest["database"]
    if connection.vendor == "postgresql":
        subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [
                program("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                "--dbname",
                database["NAME"],
                *_postgres_args(database),
                str(dump),
            ],
            env=_postgres_env(database),
            check=True,
        )
    else:
        connection.ensure_connection()
        with sqlite3.connect(dump) as source:
            source.backup(connection.connection)
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / manifest["media"]) as archive:
        staging = media_root.parent / f".restore-{media_root.name}"
        archive.extractall(staging, filter="data")
        if (staging / "media").exists():
            shutil.copytree(staging / "media", media_root, dirs_exist_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
    return manifest
