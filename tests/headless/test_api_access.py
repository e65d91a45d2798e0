"""Who may see what through the API: drafts, private pages, private collections, write endpoints."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, CollectionViewRestriction, GroupPagePermission, PageViewRestriction
from wagtail_factories import DocumentFactory, ImageFactory

from countries.models import CountryPage
from tests.factories import AnalysisPageFactory, save_draft

from .conftest import bearer


@pytest.fixture
def analysis_with_draft(analysis):
    analysis.title = "Unapproved new title"
    save_draft(analysis)
    return analysis


def get_detail(client, page, headers=None, **params):
    return client.get(f"/api/v3/pages/{page.pk}/", params, headers=headers or {})


def test_draft_version_needs_a_token_of_someone_who_may_edit_the_page(client, analysis_with_draft, superuser):
    anonymous = get_detail(client, analysis_with_draft, version="draft")
    assert anonymous.json()["title"] != "Unapproved new title"
    editor = get_detail(client, analysis_with_draft, bearer(superuser), version="draft")
    assert editor.status_code == 200
    assert editor.json()["title"] == "Unapproved new title"


def test_token_without_edit_permission_on_the_page_gets_no_draft(client, analysis_with_draft, plain_user, db):
    kenya = CountryPage.objects.get(iso_code="KE")
    group = Group.objects.create(name="Kenya editors")
    GroupPagePermission.objects.create(
        group=group, page=kenya, permission=Permission.objects.get(codename="change_page")
    )
    plain_user.groups.add(group)
    headers = bearer(plain_user)
    assert get_detail(client, analysis_with_draft, headers, version="draft").status_code == 404
    # ...while the same token does reach the page it may edit.
    assert get_detail(client, kenya, headers, version="draft").status_code == 200


def test_private_pages_are_hidden_from_anonymous_readers(client, kazakhstan, analysis):
    private = AnalysisPageFactory(parent=kazakhstan, title="Members only")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    assert get_detail(client, private).status_code == 404
    titles = [
        p["title"] for p in client.get("/api/v3/pages/", {"limit": 50, "child_of": kazakhstan.pk}).json()["items"]
    ]
    assert titles == [analysis.title]
    assert client.get("/api/v3/pages/find/", {"html_path": private.url}).status_code == 404


def test_drafts_never_appear_in_listings_or_search(client, kazakhstan):
    AnalysisPageFactory(parent=kazakhstan, title="Secret draft zebra", live=False)
    listing = client.get("/api/v3/pages/", {"search": "zebra"}).json()
    assert listing["items"] == []


@pytest.fixture
def private_collection(db):
    collection = Collection.get_first_root_node().add_child(name="Internal")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="password", password="secret")
    return collection


def test_images_and_documents_in_private_collections_do_not_leak(client, private_collection):
    public_image = ImageFactory(title="Public image")
    private_image = ImageFactory(title="Private image", collection=private_collection)
    private_document = DocumentFactory(title="Private document", collection=private_collection)
    images = [i["title"] for i in client.get("/api/v3/images/", {"limit": 50}).json()["items"]]
    assert public_image.title in images
    assert private_image.title not in images
    assert client.get(f"/api/v3/images/{private_image.pk}/").status_code == 404
    documents = [d["title"] for d in client.get("/api/v3/documents/", {"limit": 50}).json()["items"]]
    assert private_document.title not in documents
    assert client.get(f"/api/v3/documents/{private_document.pk}/").status_code == 404


@pytest.mark.parametrize(
    "path", ["/api/v3/snippets/countries.Expert/", "/api/v3/schema/", "/api/v3/sites/", "/api/v3/whoami/"]
)
def test_admin_tier_reads_need_a_token(client, path):
    assert client.get(path).status_code == 401


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v3/pages/"),
        ("patch", "/api/v3/pages/{id}/"),
        ("delete", "/api/v3/pages/{id}/"),
        ("post", "/api/v3/pages/{id}/actions/publish/"),
        ("post", "/api/v3/pages/{id}/actions/unpublish/"),
        ("post", "/api/v3/images/"),
        ("post", "/api/v3/documents/"),
        ("post", "/api/v3/redirects/"),
        ("post", "/api/v3/snippets/countries.Expert/"),
    ],
)
def test_write_endpoints_are_token_only_even_with_an_admin_session(client, analysis, superuser, method, path):
    # A signed-in editor's session cookie is not enough: writes need a bearer token.
    client.force_login(superuser)
    response = getattr(client, method)(path.format(id=analysis.pk), {}, content_type="application/json")
    assert response.status_code == 401
    analysis.refresh_from_db()
    assert analysis.live


def test_write_endpoints_check_the_tokens_permissions(client, analysis, plain_user):
    response = client.post(
        f"/api/v3/pages/{analysis.pk}/actions/unpublish/",
        {},
        content_type="application/json",
        headers=bearer(plain_user),
    )
    assert response.status_code == 403
    analysis.refresh_from_db()
    assert analysis.live
