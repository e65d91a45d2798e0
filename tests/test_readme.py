"""The README and docs/ stay true: every command and HTTP example in their code blocks is run or checked.

- ``curl`` examples are sent to the seeded site (the Django test client, the same URL, method, headers
  and body) and must answer below 400; a ```json block right after one is a subset of the answer
  ("…" stands for anything). Ids in the examples are the seeded objects' ids, looked up here.
- ``make`` targets must exist in the Makefile; ``manage.py`` commands and benchmark scripts must accept
  the arguments shown (their own argument parsers read them; nothing is run); a benchmark's shell script
  run with ``bash`` must exist and be given as many arguments as its usage line names.
- The webhook receiver example verifies a delivery this project signs.

Commands of other programs (``createdb``, ``pip``) are listed in ``EXTERNAL`` and only named.
"""

import importlib.util
import json
import re
import shlex
import textwrap
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands, load_command_class
from django.test import Client
from wagtail.contrib.redirects.models import Redirect

from contact.antispam import issue_form_token
from contact.models import ConsultationFormPage
from core.preview import make_token
from editorial import workflow
from tests.factories import make_user
from webhooks.delivery import signature_headers

BASE = Path(settings.BASE_DIR)
DOCUMENTS = [BASE / "README.md", *sorted((BASE / "docs").glob("*.md"))]
EXTERNAL = {"createdb"}
SITE = "http://127.0.0.1:8000"
FENCE = re.compile(r"^[ \t]*```(\w*)\n(.*?)^[ \t]*```", re.MULTILINE | re.DOTALL)


def code_blocks():
    """(document name, language, text, whether it follows the previous block directly) of every block."""
    for path in DOCUMENTS:
        text, end = path.read_text(), None
        for match in FENCE.finditer(text):
            directly = end is not None and not text[end : match.start()].strip()
            yield path.name, match.group(1), textwrap.dedent(match.group(2)), directly
            end = match.end()


def shell_lines(text):
    """Each command of a shell block as a list of words (comments dropped): continuation lines joined,
    and a quoted argument may run over several lines, as in the shell."""
    pending = ""
    for line in text.replace("\\\n", " ").splitlines():
        pending += line + "\n"
        try:
            words = shlex.split(pending, comments=True)
        except ValueError:  # an open quote: the command goes on
            continue
        pending = ""
        if words:
            yield words
    assert not pending, f"unterminated command: {pending}"


def commands():
    """(document, words, the json block after it or None, variables set earlier in its block)."""
    blocks = list(code_blocks())
    for index, (document, language, text, _) in enumerate(blocks):
        if language != "sh":
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        shows_answer = following and following[1] == "json" and following[0] == document and following[3]
        answer = following[2] if shows_answer else None
        variables = {}
        for words in shell_lines(text):
            if len(words) == 1 and re.fullmatch(r"[A-Z_]+=\S+", words[0]):
                name, value = words[0].split("=", 1)
                variables[name] = value
                continue
            yield document, words, answer, dict(variables)


def without_environment(words):
    """The command without its leading ``NAME=value`` assignments."""
    while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):
        words = words[1:]
    return words


def by_kind(kind):
    found = []
    for document, words, answer, variables in commands():
        command = without_environment(words)
        if kind(command):
            found.append(pytest.param(command, answer, variables, id=f"{document}: {' '.join(command)[:70]}"))
    return found


def is_curl(command):
    return command[0] == "curl"


def test_every_command_in_the_documents_is_checked_by_a_test_here():
    kinds = (is_curl, is_make, is_manage, is_bench, is_bench_shell_script)
    unchecked = [
        " ".join(words)
        for _, words, _, _ in commands()
        if not any(kind(without_environment(words)) for kind in kinds) and without_environment(words)[0] not in EXTERNAL
    ]
    assert unchecked == []
    assert len(by_kind(is_curl)) >= 15


# Make targets, manage.py commands and benchmarks -------------------------------------------------


def is_make(command):
    return command[0] == "make"


def makefile_targets():
    return set(re.findall(r"^([A-Za-z][\w.-]*):", (BASE / "Makefile").read_text(), re.MULTILINE))


@pytest.mark.parametrize(("command", "answer", "variables"), by_kind(is_make))
def test_a_documented_make_target_exists(command, answer, variables):
    targets = [word for word in command[1:] if "=" not in word]
    assert set(targets) <= makefile_targets(), targets


def is_manage(command):
    return command[0].endswith("python") and command[1:2] == ["manage.py"]


@pytest.mark.parametrize(("command", "answer", "variables"), by_kind(is_manage))
def test_a_documented_management_command_takes_its_arguments(command, answer, variables):
    name, *arguments = command[2:]
    parser = load_command_class(get_commands()[name], name).create_parser("manage.py", name)
    parser.parse_args(arguments)  # exits (a test error) on an argument the command does not take


def is_bench(command):
    return command[0].endswith("python") and command[1:2] != ["manage.py"] and command[1].startswith("bench/")


@pytest.mark.parametrize(("command", "answer", "variables"), by_kind(is_bench))
def test_a_documented_benchmark_takes_its_arguments(command, answer, variables):
    script = BASE / command[1]
    spec = importlib.util.spec_from_file_location(f"bench_{script.stem}", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.argument_parser().parse_args(command[2:])


def is_bench_shell_script(command):
    return command[0] == "bash" and command[1:2] != [] and command[1].startswith("bench/")


@pytest.mark.parametrize(("command", "answer", "variables"), by_kind(is_bench_shell_script))
def test_a_documented_benchmark_shell_script_exists_and_takes_its_arguments(command, answer, variables):
    script = BASE / command[1]
    assert script.is_file(), script
    usage = re.search(r"^# usage: \S+ (.*)$", script.read_text(), re.MULTILINE).group(1).split()
    required = [word for word in usage if not word.startswith("[")]
    assert len(required) <= len(command[2:]) <= len(usage), (command, usage)


# HTTP examples -------------------------------------------------------------------------------------


def curl_request(command, variables, token):
    """(method, path, headers, body, follow) of a curl command line."""
    method, headers, body, follow, url = None, {}, None, False, None
    words = iter(command[1:])
    for word in words:
        if word == "-X":
            method = next(words)
        elif word == "-H":
            name, value = next(words).split(":", 1)
            headers[name.strip()] = value.strip()
        elif word == "-d":
            body = next(words)
        elif word == "-L":
            follow = True
        else:
            url = word
    for name, value in variables.items():
        url = url.replace(f"${name}", value)
    headers = {name: value.replace("$TOKEN", token) for name, value in headers.items()}
    assert url.startswith(SITE), url
    return method or ("POST" if body is not None else "GET"), url.removeprefix(SITE), headers, body, follow


def seeded_ids(analysis):
    return {"pages": analysis.pk, "preview": analysis.pk, "forms": ConsultationFormPage.objects.get().pk}


def fill_placeholders(path, body, analysis):
    """The example with its placeholders filled: a preview token, a form token handed out a minute ago."""
    if "token=…" in path:
        path = path.replace("token=…", "token=" + make_token(analysis.pk, analysis.latest_revision_id))
    if body and "<form_token from the GET>" in body:
        form_token = issue_form_token(ConsultationFormPage.objects.get(), issued_at=time.time() - 60)
        body = body.replace("<form_token from the GET>", form_token)
    return path, body


def prepare_state(path, analysis, editor):
    """What an example assumes has happened before it (the README shows them as a sequence)."""
    if path.endswith(("/actions/approve/", "/actions/reject/")):
        workflow.submit(analysis, editor)
    if path.startswith("/api/v3/redirects/find/"):
        Redirect.add_redirect("/old-path", redirect_to=analysis)


def is_subset(shown, actual):
    """Whether the documented ``shown`` JSON is part of ``actual`` ("…" matches anything)."""
    if shown == "…":
        return True
    if isinstance(shown, str) and "…" in shown and isinstance(actual, str):
        return all(piece.strip() in actual for piece in shown.split("…") if piece.strip())
    if isinstance(shown, dict):
        return isinstance(actual, dict) and all(
            key == "…" or (key in actual and is_subset(value, actual[key])) for key, value in shown.items()
        )
    if isinstance(shown, list):
        items = [item for item in shown if item != "…"]
        return isinstance(actual, list) and len(actual) >= len(items) and all(map(is_subset, items, actual))
    return shown == actual


def test_the_subset_comparison_tells_a_wrong_value_apart():
    assert is_subset({"a": [1, "…"], "b": "x … z"}, {"a": [1, 2], "b": "x y z", "c": 0})
    assert not is_subset({"a": [2]}, {"a": [1]})
    assert not is_subset({"b": "x … q"}, {"b": "x y z"})
    assert not is_subset({"d": 1}, {"a": 1})


@pytest.mark.django_db
@pytest.mark.parametrize(("command", "answer", "variables"), by_kind(is_curl))
def test_a_documented_http_example_answers_as_shown(command, answer, variables, analysis):
    editor = make_user("readme-editor", superuser=True)
    token = _token_for(editor)
    method, path, headers, body, follow = curl_request(command, variables, token)
    for family, number in re.findall(r"/api/v3/(pages|preview|forms)/(\d+)/", path):
        assert int(number) == seeded_ids(analysis)[family], f"{family}/{number} is not the seeded object"
    path, body = fill_placeholders(path, body, analysis)
    prepare_state(path, analysis, editor)
    client = Client()
    extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    content_type = headers.get("Content-Type", "application/octet-stream")
    response = client.generic(method, path, body or "", content_type=content_type, follow=follow, **extra)
    assert response.status_code < 400, (response.status_code, response.content[:500])
    if answer is not None:
        shown = json.loads(answer)
        actual = response.json()
        assert is_subset(shown, actual), json.dumps(actual, indent=1)[:3000]
        for result in shown.get("results", ()):
            assert result["id"] == analysis.pk


def _token_for(user):
    from wagtail.models import APIToken

    return APIToken.create_token(user=user, name="readme")[1]


# The webhook receiver ------------------------------------------------------------------------------


def test_the_documented_webhook_receiver_accepts_a_delivery_this_project_signs():
    (example,) = [text for _, language, text, _ in code_blocks() if language == "python" and "Webhook(" in text]
    namespace = {}
    exec(example, namespace)  # noqa: S102 - the README's own example
    secret = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = json.dumps({"event": "published", "id": "1"}).encode()
    headers = signature_headers(secret, "msg_1", body)
    assert namespace["handle"](secret, body, headers) == {"event": "published", "id": "1"}
    assert namespace["handle"](secret, body + b" ", headers) is None
