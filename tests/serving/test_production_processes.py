"""`make prod` as an operator runs it: web, worker and scheduler under honcho, on PostgreSQL and Redis.

An analysis published with a webhook endpoint registered reaches a local receiver, signed, through the
worker process (the web process only queues it). Runs when the suite runs on PostgreSQL with Redis
reachable (CI's PostgreSQL run); it makes a database of its own and stops every process it started.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from standardwebhooks.webhooks import Webhook

BASE_DIR = Path(settings.BASE_DIR)
DATABASE = "cms_prod_processes"


def reachable(host, port):
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True


pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="runs with the PostgreSQL suite"),
    pytest.mark.skipif(not reachable("127.0.0.1", 6379), reason="needs Redis on 127.0.0.1:6379"),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def receiver():
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/hook", received
    server.shutdown()


@pytest.fixture
def production_env():
    admin = settings.DATABASES["default"]
    base = f"postgres://{admin['USER'] or 'postgres'}@{admin['HOST'] or '127.0.0.1'}:{admin['PORT'] or 5432}"
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE], check=True)  # noqa: S603, S607
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)  # noqa: S603, S607
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DATABASE_URL": f"{base}/{DATABASE}",
        "REDIS_URL": "redis://127.0.0.1:6379/7",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "OUTBOUND_ALLOWED_NETWORKS": "127.0.0.1/32",  # the receiver below
        "ARCHIVE_SOURCES_AT_PUBLICATION": "0",  # the seed's sources are on the internet
    }
    yield env, port
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE], check=False)  # noqa: S603, S607


PUBLISH = """
from countries.models import AnalysisPage
from webhooks.models import WebhookEndpoint
endpoint = WebhookEndpoint.objects.create(name="receiver", url="{url}", events=["published"])
page = AnalysisPage.objects.get(slug="limited-political-freedoms-kazakhstan")
page.standfirst = "Updated for the process test."
page.save_revision().publish()
print("published", endpoint.secret)
"""


def test_make_prod_runs_web_worker_and_scheduler_and_the_worker_delivers(production_env, receiver):
    env, port = production_env
    url, received = receiver
    honcho = subprocess.Popen(  # noqa: S603 - the project's own make target
        ["make", "prod"],  # noqa: S607
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = []
    threading.Thread(target=lambda: output.extend(honcho.stdout), daemon=True).start()
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(1)
        else:
            pytest.fail("the web process never answered:\n" + "".join(output[-40:]))
        shell_env = {**env, "DJANGO_SETTINGS_MODULE": "cms.settings.production", "SECRET_KEY": "process-test"}
        shell_env["ALLOWED_HOSTS"] = "127.0.0.1"
        manage = [sys.executable, str(BASE_DIR / "manage.py")]
        subprocess.run([*manage, "load_seed_content"], env=shell_env, check=True, capture_output=True)  # noqa: S603
        published = subprocess.run(  # noqa: S603
            [*manage, "shell", "-v0", "-c", PUBLISH.format(url=url)], env=shell_env, check=True, capture_output=True
        )
        assert published.stdout.split()[0] == b"published"
        secret = published.stdout.split()[1].decode()
        deadline = time.monotonic() + 60
        while not received and time.monotonic() < deadline:
            time.sleep(0.5)
        assert received, "no delivery arrived:\n" + "".join(output[-40:])
        headers, body = received[0]
        assert Webhook(secret).verify(body, headers)["event"] == "published"  # what a receiver does
        names = {line.split("|")[0].split()[-1].split(".")[0] for line in output if "|" in line}
        assert {"web", "worker", "scheduler"} <= names
    finally:
        os.killpg(honcho.pid, signal.SIGTERM)
        honcho.wait(timeout=30)
