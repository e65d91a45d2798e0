"""`make serve` keeps one SECRET_KEY in a private, git-ignored file and never prints it."""

import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

MAKE = shutil.which("make")
pytestmark = pytest.mark.skipif(MAKE is None, reason="needs make")


def make(folder, *args):
    return subprocess.run(  # noqa: S603 - the project's own Makefile, fixed targets
        [MAKE, "-C", str(folder), *args], capture_output=True, text=True, check=True, timeout=60
    )


@pytest.fixture
def checkout(tmp_path):
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt"):
        shutil.copy(Path(settings.BASE_DIR) / name, tmp_path / name)
    return tmp_path


def test_the_key_is_made_once_private_and_reused(checkout):
    make(checkout, ".secret_key")
    key_file = checkout / ".secret_key"
    key = key_file.read_text().strip()
    assert len(key) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    make(checkout, ".secret_key")
    assert key_file.read_text().strip() == key  # a restart keeps tokens and sessions valid


def test_no_command_make_serve_echoes_carries_the_key(checkout):
    make(checkout, ".secret_key")
    key = (checkout / ".secret_key").read_text().strip()
    dry_run = subprocess.run(  # noqa: S603
        [MAKE, "-C", str(checkout), "-n", "serve"], capture_output=True, text=True, timeout=60
    )
    assert "gunicorn -c gunicorn.conf.py" in dry_run.stdout, dry_run.stderr
    assert key not in dry_run.stdout + dry_run.stderr


def test_the_key_file_is_ignored_by_git():
    gitignore = (Path(settings.BASE_DIR) / ".gitignore").read_text().splitlines()
    assert "/.secret_key" in gitignore
