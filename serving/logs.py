"""Production logs: JSON lines, with personal data scrubbed from every message; the same scrubbing for Sentry.

Applicants type their name, e-mail address and phone number into the consultation form; a log line
or an error report must never carry them, nor any client's address. Nothing in this project logs
form values on purpose; this is the net under everything else (Django, gunicorn, libraries, a future
``logger.info`` that interpolates the wrong variable).

This module is imported by the settings and by gunicorn.conf.py, so it imports nothing from Django's
app registry.
"""

import json
import logging
import os
import re
import time

REDACTED = "[redacted]"
# E-mail addresses, IPv4 addresses, and IPv6 addresses written in full or with "::" (not clock times).
PATTERNS = [
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"),
    re.compile(r"\b(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}\b"),
    re.compile(r"(?:[0-9a-fA-F]{1,4}:){1,6}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4})*)?|::(?:ffff:)?[0-9a-fA-F.:]+"),
]
# Phone numbers: 9 to 15 digits, single spaces, dashes or brackets between them, an optional +; long digit
# runs are also what case and passport numbers look like. A span holding an ISO date is left alone.
PHONE = re.compile(r"(?<![\w/:.])\+?\d(?:[ ()-]?\d){8,14}(?![\w/:])")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# Log record attributes that can hold what a client sent; dropped from the record whole.
PERSONAL_ATTRIBUTES = {"request", "form_data", "data", "body", "cleaned_data", "POST", "client"}


def _phone(match):
    text = match.group()
    return text if ISO_DATE.search(text) else REDACTED


def scrub(text):
    """``text`` with e-mail addresses, phone numbers and IP addresses replaced."""
    for pattern in PATTERNS:
        text = pattern.sub(REDACTED, text)
    return PHONE.sub(_phone, text)


class ScrubPersonalData(logging.Filter):
    """Rewrite a record's message (with its arguments) and exception text with personal data removed."""

    def filter(self, record):
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_info:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        for name in PERSONAL_ATTRIBUTES & set(vars(record)):
            setattr(record, name, REDACTED)
        return True


class JSONFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message and, for errors, the scrubbed traceback."""

    def format(self, record):
        line = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        client = getattr(record, "client_pseudonym", None)
        if isinstance(client, str):
            line["client"] = client  # a keyed hash (core.client_address.client_pseudonym), never the address
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            line["status"] = status
        if record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)


def production_logging(level="INFO", access_log=None):
    """The ``LOGGING`` dict of production settings and the ``logconfig_dict`` of gunicorn. gunicorn's
    access lines (logged at INFO) are dropped when ``access_log`` is off, by default when
    ``GUNICORN_ACCESS_LOG`` is set empty. Both configurations must agree: Django applies its own in each
    worker after gunicorn's."""
    if access_log is None:
        access_log = os.environ.get("GUNICORN_ACCESS_LOG", "-") != ""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"scrub": {"()": "serving.logs.ScrubPersonalData"}},
        "formatters": {"json": {"()": "serving.logs.JSONFormatter"}},
        "handlers": {
            "json": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "json",
                "filters": ["scrub"],
            }
        },
        "root": {"handlers": ["json"], "level": level},
        "loggers": {
            # gunicorn's own loggers (its error log says "Invalid request from ip=…"): the same handler.
            "gunicorn.error": {"handlers": ["json"], "level": level, "propagate": False},
            "gunicorn.access": {"handlers": ["json"], "level": level if access_log else "WARNING", "propagate": False},
        },
    }


def scrub_sentry_event(event, hint):
    """``before_send`` for sentry-sdk: no request body, cookies, headers or user; messages scrubbed."""
    request = event.get("request")
    if request:
        event["request"] = {key: request[key] for key in ("method", "url") if key in request}
        event["request"]["url"] = scrub(event["request"].get("url", "").split("?", 1)[0])
    event.pop("user", None)
    event.pop("extra", None)  # whatever code attached: anything at all
    # Contexts the SDK adds about the machine stay; any other (set by code) can hold form data.
    event["contexts"] = {k: v for k, v in event.get("contexts", {}).items() if k in {"runtime", "os", "trace"}}
    event["tags"] = {k: scrub(str(v)) for k, v in event.get("tags", {}).items()}
    if "message" in event:
        event["message"] = scrub(str(event["message"]))
    logentry = event.get("logentry")
    if logentry:
        logentry["message"] = scrub(str(logentry.get("message", "")))
        logentry.pop("params", None)
    for exception in event.get("exception", {}).get("values", []):
        exception["value"] = scrub(str(exception.get("value", "")))
        for frame in exception.get("stacktrace", {}).get("frames", []):
            frame.pop("vars", None)  # local variables can hold anything, form data included
    for breadcrumb in event.get("breadcrumbs", {}).get("values", []):
        if "message" in breadcrumb:
            breadcrumb["message"] = scrub(str(breadcrumb["message"]))
        breadcrumb.pop("data", None)
    return event
