"""Under production logging, nothing an applicant typed reaches the log; the same scrubbing for Sentry."""

import io
import json
import logging
import logging.config

import pytest
import sentry_sdk
from django.conf import settings
from django.utils.log import configure_logging

from serving.logs import production_logging, scrub, scrub_sentry_event
from tests.contact.conftest import answers, consultation, fresh_rate_limits, json_answers  # noqa: F401 - fixtures shared with tests/contact

TYPED = ["Amina Yusuf Haidari", "amina@example.org", "+44 20 7946 0000", "peaceful protest in Almaty"]
CLIENT_ADDRESS = "203.0.113.9"


@pytest.fixture
def production_log():
    """Production's logging configuration, its one handler writing to a buffer instead of stderr."""
    logging.config.dictConfig(production_logging("DEBUG"))
    buffer = io.StringIO()
    logging.getLogger().handlers[0].setStream(buffer)
    logging.getLogger("gunicorn.error").handlers[0].setStream(buffer)
    yield buffer
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def test_a_submission_leaves_none_of_its_values_in_the_log(client, consultation, answers, json_answers, production_log):
    assert client.post(consultation.url, answers).status_code in (200, 302)
    api = f"/api/v3/forms/{consultation.pk}/submissions/"
    assert client.post(api, json.dumps(json_answers), content_type="application/json").status_code == 201
    bad = {**json_answers, "email": "amina@example.org@@", "phone": "+44 20 7946 0000"}
    assert client.post(api, json.dumps(bad), content_type="application/json").status_code == 400
    # What other code could log by mistake, and what gunicorn logs on a malformed request.
    logging.getLogger("contact").warning("Could not send to %s (%s)", "amina@example.org", "+44 20 7946 0000")
    logging.getLogger("gunicorn.error").warning("Invalid request from ip=203.0.113.9: Invalid HTTP method")
    try:
        raise ValueError("SMTP refused amina@example.org")
    except ValueError:
        logging.getLogger("django.request").exception("Internal Server Error: %s", "/consultation/")

    log = production_log.getvalue()
    lines = [json.loads(line) for line in log.splitlines()]
    assert any(line["logger"] == "gunicorn.error" for line in lines)  # the same configuration for gunicorn
    assert any("exception" in line for line in lines)
    for value in [*TYPED, "203.0.113.9"]:
        assert value not in log, value


def test_a_rate_limit_refusal_names_the_client_by_pseudonym_only(client, consultation, settings, production_log):
    from django.test import RequestFactory

    from core.client_address import client_pseudonym

    settings.FORM_RATE_LIMIT_ATTEMPTS = 0
    assert client.post(consultation.url, {}, REMOTE_ADDR=CLIENT_ADDRESS).status_code == 429
    log = production_log.getvalue()
    [line] = [json.loads(line) for line in log.splitlines() if "Form rate limit reached" in line]
    assert line["client"] == client_pseudonym(RequestFactory().get("/", REMOTE_ADDR=CLIENT_ADDRESS))
    assert CLIENT_ADDRESS not in log


def test_scrub_keeps_what_operators_need():
    assert scrub("Deleted 3 form submissions older than 180 days.") == "Deleted 3 form submissions older than 180 days."
    assert scrub("published page 70 at 2026-12-01 23:49:02") == "published page 70 at 2026-12-01 23:49:02"
    assert scrub("ip=2001:db8::7 mail=a.b+c@example.co.uk tel=07700 900 123") == (
        "ip=[redacted] mail=[redacted] tel=[redacted]"
    )


class CapturingTransport(sentry_sdk.transport.Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)


@pytest.fixture
def sentry_events():
    transport = CapturingTransport()
    sentry_sdk.init(
        dsn="https://public@sentry.invalid/1",
        transport=transport,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_sentry_event,
    )
    yield lambda: [
        item.payload.json for envelope in transport.envelopes for item in envelope.items if item.type == "event"
    ]
    sentry_sdk.init(dsn=None)


def test_an_exception_reported_to_sentry_carries_no_personal_data(sentry_events, client, consultation, json_answers):
    from django.test import RequestFactory

    request = RequestFactory().post("/consultation/", json.dumps(json_answers), content_type="application/json")
    with sentry_sdk.new_scope() as scope:
        # Values come from TYPED, not literals here: Sentry sends the source lines around the raise.
        name, email, phone, _ = TYPED
        scope.set_user({"email": email, "ip_address": CLIENT_ADDRESS})
        scope.set_context("form", {"full_name": name})
        sentry_sdk.add_breadcrumb(message=f"sent to {email}", data={"phone": phone})
        scope.set_extra("request_body", request.body.decode())
        try:
            raise RuntimeError(f"could not mail {email} on {phone}")
        except RuntimeError as error:
            sentry_sdk.capture_exception(error)
    sentry_sdk.flush()
    [event] = sentry_events()
    text = json.dumps(event)
    assert "could not mail [redacted] on [redacted]" in text
    for value in [*TYPED, CLIENT_ADDRESS]:
        assert value not in text, value
    assert "user" not in event


@pytest.mark.parametrize(("dsn", "active"), [("", False), ("https://public@sentry.invalid/1", True)])
def test_production_reports_to_sentry_only_with_a_dsn(dsn, active):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "example.org",
        "SENTRY_DSN": dsn,
    }
    code = (
        "import django, sentry_sdk; django.setup(); c = sentry_sdk.get_client(); "
        "print(c.is_active(), c.options['send_default_pii'], getattr(c.options['before_send'], '__name__', None))"
    )
    result = subprocess.run(  # noqa: S603 - the project's own settings, fixed code
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    is_active, send_pii, before_send = result.stdout.split()
    assert is_active == str(active)
    if active:
        assert (send_pii, before_send) == ("False", "scrub_sentry_event")


@pytest.mark.parametrize("access_log", [True, False])
def test_gunicorn_access_lines_are_dropped_when_the_access_log_is_off(access_log):
    logging.config.dictConfig(production_logging("INFO", access_log=access_log))
    try:
        buffer = io.StringIO()
        logging.getLogger("gunicorn.access").handlers[0].setStream(buffer)
        logging.getLogger("gunicorn.access").info('"GET /search/ HTTP/1.1" 200 1234 3ms')
        logging.getLogger("gunicorn.access").warning("an access-log warning is still written")
        assert ("GET /search/" in buffer.getvalue()) is access_log
        assert "still written" in buffer.getvalue()
    finally:
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def test_an_empty_gunicorn_access_log_setting_turns_the_access_lines_off(monkeypatch):
    monkeypatch.setenv("GUNICORN_ACCESS_LOG", "")
    assert production_logging("INFO")["loggers"]["gunicorn.access"]["level"] == "WARNING"
    monkeypatch.setenv("GUNICORN_ACCESS_LOG", "-")
    assert production_logging("INFO")["loggers"]["gunicorn.access"]["level"] == "INFO"
