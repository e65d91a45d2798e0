"""The form's rate limit holds across gunicorn workers: 30 posts from one client meet 429 after the 10th.

Runs the project as production does (production settings, gunicorn with four workers) on a SQLite file
of its own, three ways: counting in the database (no Redis, the minimal production environment), with
Redis unreachable (a closed port: the database counts instead), and, when Redis is reachable, in Redis.
Posts are sent in parallel, so several workers answer them; gunicorn's access log names each worker.
"""

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
LIMIT = 10


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def reachable(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated, seeded SQLite site and the production environment to serve it."""
    database = tmp_path_factory.mktemp("shared-limit") / "site.sqlite3"
    env = {
        **{key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "DATABASE_URL"}},
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "shared-rate-limit-test",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{database}",
        "SECURE_SSL_REDIRECT": "0",
        "TRUSTED_PROXY_COUNT": "1",  # the test plays the proxy: the client is the right-most address
        "FORM_RATE_LIMIT_ATTEMPTS": str(LIMIT),
        "WEB_CONCURRENCY": "4",
        "GUNICORN_ACCESS_LOG_FORMAT": "worker=%(p)s status=%(s)s",
    }
    for command in (["migrate", "--noinput"], ["load_seed_content"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True, capture_output=True)  # noqa: S603
    form_id = sqlite3.connect(database).execute("SELECT page_ptr_id FROM contact_consultationformpage").fetchone()[0]
    return env, form_id


def serve(env, **extra):
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - the project's own gunicorn configuration
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=BASE_DIR,
        env={**env, **extra, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not reachable(port):
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            pytest.fail("gunicorn did not start:\n" + server.stderr.read()[-3000:])
        time.sleep(0.2)
    return server, f"http://127.0.0.1:{port}"


def status_of(request):
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def flood(base, form_id, client):
    """30 posts from ``client`` in parallel, each with a different forged left part of X-Forwarded-For."""

    def post(number):
        request = urllib.request.Request(  # noqa: S310
            f"{base}/api/v3/forms/{form_id}/submissions/",
            data=b"{}",
            headers={"Content-Type": "application/json", "X-Forwarded-For": f"10.9.{number}.1, {client}"},
            method="POST",
        )
        return status_of(request)[0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(post, range(30)))


def stop(server):
    server.terminate()
    try:
        _, log = server.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        _, log = server.communicate()
    return log


def workers_that_answered_posts(log):
    workers = set()
    for line in log.splitlines():
        if line.startswith("{"):
            message = json.loads(line)["message"]
            if message.startswith("worker=") and "status=" in message:
                workers.add(message.split()[0])
    return workers


def assert_the_limit_held(statuses, log):
    assert all(status < 500 for status in statuses), statuses
    assert statuses.count(429) == 30 - LIMIT, statuses
    assert len(workers_that_answered_posts(log)) >= 2, "one worker answered everything: nothing was shared"


def test_counted_in_the_database_without_redis(site):
    env, form_id = site
    server, base = serve(env)
    try:
        statuses = flood(base, form_id, "198.51.100.1")
    finally:
        log = stop(server)
    assert_the_limit_held(statuses, log)


def test_with_redis_unreachable_the_database_counts_and_nothing_fails(site):
    env, form_id = site
    server, base = serve(env, REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    try:
        statuses = flood(base, form_id, "198.51.100.2")
        health = status_of(f"{base}/healthz")
        ready = status_of(f"{base}/readyz")
        pages = status_of(f"{base}/api/v3/pages/?type=countries.AnalysisPage")
    finally:
        log = stop(server)
    assert_the_limit_held(statuses, log)
    assert health[0] == 200
    assert json.loads(health[1])["checks"]["cache"] == "fail"
    assert ready[0] == 200
    assert pages[0] == 200
    assert json.loads(pages[1])["count"] >= 1


@pytest.mark.skipif(not reachable(6379), reason="needs Redis on 127.0.0.1:6379")
def test_counted_in_redis_when_redis_is_up(site):
    env, form_id = site
    prefix = f"limit-test-{uuid.uuid4().hex[:8]}"
    server, base = serve(env, REDIS_URL="redis://127.0.0.1:6379/9", CACHE_KEY_PREFIX=prefix)
    try:
        statuses = flood(base, form_id, "198.51.100.3")
    finally:
        log = stop(server)
    assert_the_limit_held(statuses, log)
    database = env["DATABASE_URL"].removeprefix("sqlite:///")
    counted_here = sqlite3.connect(database).execute("SELECT count(*) FROM contact_attemptcount").fetchone()[0]
    assert counted_here == 2  # the two runs above; Redis counted this one
