"""No page's icon request ends in a 404: pages link the SVG icon, and /favicon.ico leads to it."""

import pytest

from .head import parse_head


def served(client, url):
    """The response for ``url`` after redirects, with its body read (whitenoise streams static files)."""
    response = client.get(url, follow=True)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/search/", "/no-such-page/"])
def test_pages_link_an_icon_that_is_served(client, path):
    [icon] = parse_head(client.get(path)).link("icon")
    response, body = served(client, icon)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert body.lstrip().startswith(b"<svg")


@pytest.mark.django_db
def test_favicon_ico_is_no_404(client):
    first = client.get("/favicon.ico")
    assert first.status_code == 302
    [icon] = parse_head(client.get("/")).link("icon")
    assert first["Location"] == icon
    response, body = served(client, "/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in body
