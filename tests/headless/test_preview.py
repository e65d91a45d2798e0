"""Previewing drafts on a decoupled front end."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing

from core.preview import make_token
from tests.factories import save_draft

FRONT_END = "https://preview.example.org/preview"


@pytest.fixture
def draft(analysis):
    analysis.title = "Draft title only editors have seen"
    save_draft(analysis)
    return analysis.get_latest_revision_as_object()


def preview_redirect(page):
    response = page.make_preview_request()
    assert response.status_code == 302
    return response["Location"]


def exchange(client, page_id, token):
    return client.get(f"/api/v3/preview/{page_id}/", {"token": token})


def test_admin_preview_opens_the_front_end_which_exchanges_the_token_for_the_draft(client, settings, draft):
    settings.HEADLESS_PREVIEW_URL = FRONT_END
    location = preview_redirect(draft)
    assert location.startswith(FRONT_END + "?")
    query = parse_qs(urlsplit(location).query)
    assert query["id"] == [str(draft.pk)]
    assert query["type"] == ["countries.AnalysisPage"]

    response = exchange(client, draft.pk, query["token"][0])
    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "Draft title only editors have seen"
    assert data["meta"]["type"] == "countries.AnalysisPage"
    assert data["table_of_contents"]  # the same typed shape as page detail
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response
    # The live page is untouched.
    assert client.get(f"/api/v3/pages/{draft.pk}/").json()["title"] != data["title"]


def test_template_preview_still_works_without_a_front_end(settings, draft):
    settings.HEADLESS_PREVIEW_URL = ""
    response = draft.make_preview_request()
    assert response.status_code == 200
    assert "Draft title only editors have seen" in response.rendered_content


def test_token_only_works_for_the_page_it_was_issued_for(client, draft, kazakhstan):
    token = make_token(draft.pk, draft.latest_revision_id)
    response = exchange(client, kazakhstan.pk, token)
    assert response.status_code == 403
    assert response.json()["detail"] == "This preview link is for another page."


def test_tampered_or_missing_tokens_are_refused(client, draft):
    token = make_token(draft.pk, draft.latest_revision_id)
    assert exchange(client, draft.pk, token[:-2] + "xx").status_code == 403
    assert exchange(client, draft.pk, "nonsense").status_code == 403
    # A value signed for something else with the same key is not a preview token.
    other = signing.TimestampSigner(salt="other").sign_object({"page": draft.pk, "revision": draft.latest_revision_id})
    assert exchange(client, draft.pk, other).status_code == 403
    assert client.get(f"/api/v3/preview/{draft.pk}/").status_code == 422


def test_tokens_expire(client, settings, draft, monkeypatch):
    settings.HEADLESS_PREVIEW_MAX_AGE = 3600
    issued_at = time.time() - 3601
    monkeypatch.setattr(signing.time, "time", lambda: issued_at)
    token = make_token(draft.pk, draft.latest_revision_id)
    monkeypatch.undo()
    response = exchange(client, draft.pk, token)
    assert response.status_code == 403
    assert "expired" in response.json()["detail"]


def test_a_token_for_a_deleted_revision_finds_nothing(client, draft):
    token = make_token(draft.pk, draft.latest_revision_id)
    draft.revisions.all().delete()
    assert exchange(client, draft.pk, token).status_code == 404


@pytest.mark.parametrize(("url", "errors"), [("", 0), (FRONT_END, 0), ("preview.example.org/p", 1), ("ftp://x/p", 1)])
def test_the_preview_url_setting_is_checked(settings, url, errors):
    from headless.checks import preview_url_is_absolute

    settings.HEADLESS_PREVIEW_URL = url
    assert len(preview_url_is_absolute(None)) == errors


def test_the_admin_preview_panel_sends_editors_to_the_front_end(client, settings, region, superuser):
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    settings.HEADLESS_PREVIEW_URL = FRONT_END
    region.introduction = "Saved draft introduction"
    region.save_revision()
    client.force_login(superuser)
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[region.pk])
    form = nested_form_data(
        {"title": region.title, "slug": region.slug, "introduction": "typed", "comments": inline_formset([])}
    )
    assert client.post(preview, form).json() == {"is_valid": True, "is_available": True}
    response = client.get(preview)
    assert response.status_code == 302
    token = parse_qs(urlsplit(response["Location"]).query)["token"][0]
    client.logout()
    draft = exchange(client, region.pk, token).json()
    # The front end shows the latest saved revision.
    assert draft["introduction"] == "Saved draft introduction"
