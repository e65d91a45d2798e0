import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from webhooks.models import WebhookEndpoint


class Receiver:
    """A real HTTP server on 127.0.0.1 that records what it is sent and answers with scripted statuses."""

    def __init__(self):
        self.requests = []
        self.statuses = []
        self.delay = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body, "json": json.loads(body)})
                time.sleep(receiver.delay)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def closed_port_url():
    """A URL on 127.0.0.1 where nothing listens: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


@pytest.fixture
def endpoint_for(db):
    def make(url, events=("published", "unpublished", "deleted", "moved"), **kwargs):
        return WebhookEndpoint.objects.create(name="Front end", url=url, secret="s3cret", events=list(events), **kwargs)

    return make


@pytest.fixture
def sleeps(monkeypatch):
    """Back-off waits, recorded instead of slept."""
    waited = []
    monkeypatch.setattr("webhooks.delivery.sleep", waited.append)
    return waited
