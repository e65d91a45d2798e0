"""In Chromium, pages load without a failed request or a console error: the icon is found.

A browser asks for /favicon.ico by itself when a page links no icon; that 404 was the only console
error the site had. Marked e2e, so it runs after the other tests (its live server empties the database).
"""

import os
import shutil

import pytest

from tests.e2e.conftest import CHROMIUM, browser_type_launch_args, seeded_live_server  # noqa: F401

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not (os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM)), reason=f"Chromium not found at {CHROMIUM}"
    ),
]

ANALYSIS = "/eastern-europe-post-soviet-states/kazakhstan/limited-political-freedoms-kazakhstan/"


@pytest.mark.parametrize("path", ["/", ANALYSIS, "/search/?q=kazakhstan", "/consultation/"])
def test_pages_load_with_no_failed_request_and_their_icon(page, seeded_live_server, path):
    errors, failed, icons = [], [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.on("response", lambda response: icons.append(response.status) if "favicon" in response.url else None)
    page.goto(seeded_live_server.url + path)
    page.wait_for_load_state("networkidle")
    assert failed == []
    assert errors == []
    assert icons == [200]
