"""Production's task worker: work queued in the database by one process is done by `db_worker` in another.

Slow side effects (e-mail, webhook deliveries) are tasks; production's default backend stores them in
the database (django-tasks-db), so a request only writes a row, and `manage.py db_worker` does the work.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult

from countries.models import AnalysisPage
from tests.factories import publish
from webhooks.models import WebhookDelivery, WebhookEndpoint

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


def manage(env, *args, timeout=120):
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, MANAGE, *args], env=env, capture_output=True, text=True, timeout=timeout, check=True
    )


@pytest.fixture(scope="module")
def worker_env(tmp_path_factory):
    """A database file of its own (a worker cannot see the suite's in-memory or uncommitted test data)."""
    folder = tmp_path_factory.mktemp("worker")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(folder / "mail"),
    }
    manage(env, "migrate", "--noinput", "-v0", timeout=300)
    yield env, folder
    shutil.rmtree(folder, ignore_errors=True)


ENQUEUE = """
from editorial.notifications import send_review_email
result = send_review_email.enqueue("Ready for review", "Please review the Kazakhstan analysis.", "edith@example.org")
print(result.id, result.status)
"""


def test_a_task_enqueued_by_one_process_is_done_by_the_worker_in_another(worker_env):
    env, folder = worker_env
    enqueued = manage(env, "shell", "-v0", "-c", ENQUEUE).stdout.split()
    assert enqueued[1] == "READY"
    assert not (folder / "mail").exists()  # queued, not sent: the enqueuing process sent nothing
    manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
    messages = list((folder / "mail").glob("*.log"))
    assert len(messages) == 1
    text = messages[0].read_text()
    assert "To: edith@example.org" in text
    assert "Please review the Kazakhstan analysis." in text
    status = manage(
        env,
        "shell",
        "-v0",
        "-c",
        f"from django_tasks_db.models import DBTaskResult; print(DBTaskResult.objects.get(id='{enqueued[0]}').status)",
    )
    assert status.stdout.strip() == "SUCCESSFUL"


@pytest.fixture
def silent_endpoint():
    """A listening socket that accepts connections and never answers (a stuck webhook receiver)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield f"http://127.0.0.1:{server.getsockname()[1]}/hook"


@pytest.mark.django_db
def test_publishing_with_a_receiver_that_never_answers_returns_at_once(
    analysis, silent_endpoint, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WEBHOOKS_TIMEOUT = 30
    WebhookEndpoint.objects.create(name="stuck", url=silent_endpoint, events=["published"])
    page = AnalysisPage.objects.get(pk=analysis.pk)
    page.standfirst = "Updated."
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):  # the delivery is queued once the publish commits
        publish(page)
    elapsed = time.monotonic() - started
    assert elapsed < 1.0
    queued = DBTaskResult.objects.get(task_path="webhooks.tasks.deliver_webhook")
    assert queued.status == "READY"  # waiting for the worker; nothing was sent inside the publish
    assert queued.args_kwargs["args"] == [WebhookDelivery.objects.get().pk]
