"""Production settings pass Django's deploy checks; security headers; login throttling; upload limits."""

import io
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

BASE_DIR = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **extra):
    """Only what production requires, as the README promises."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    env.update(extra)
    return env


def manage(env, *args):
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deploy_checks(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        # Without Redis each worker's memory would hold its own count: 5 workers, 5 × the limit.
        ({"FORM_RATE_LIMIT_STORE": "cache"}, "contact.E001"),
        ({"FORM_RATE_LIMIT_STORE": "memory"}, "contact.E002"),
        ({"FORM_RATE_LIMIT_STORE": "cache", "REDIS_URL": "redis://127.0.0.1:6379/0"}, None),
        ({"FORM_RATE_LIMIT_STORE": "database"}, None),
    ],
)
def test_the_deploy_checks_refuse_a_rate_limit_that_each_worker_counts_alone(tmp_path, extra, error):
    result = manage(production_env(tmp_path, **extra), "check", "--deploy", "--fail-level", "WARNING")
    if error:
        assert result.returncode != 0
        assert error in result.stderr + result.stdout
    else:
        assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = manage(env, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_security_settings(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_PROXY_SSL_HEADER, s.STORAGES['staticfiles']['BACKEND'])"
    )
    result = manage(production_env(tmp_path), "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == (
        "31536000 True True True ('HTTP_X_FORWARDED_PROTO', 'https') "
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/eastern-europe-post-soviet-states/kazakhstan/", "/search/?q=x", "/api/v3/pages/", "/admin/login/"]
)
def test_security_headers(client, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    if url.startswith("/admin/"):
        # Wagtail's admin widgets still use inline scripts; only signed-in staff use these pages.
        assert directives["script-src"] == "'self' 'unsafe-inline'"
    else:
        assert directives["script-src"] == "'self'"  # no inline or third-party scripts
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_api_docs_use_local_assets_only(client):
    response = client.get("/api/v3/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn." not in html
    assert "https://" not in html


# Login throttling (django-axes)


@pytest.fixture
def editors(db):
    User = get_user_model()
    return (
        User.objects.create_superuser("alice", "alice@example.org", "alice-correct-pw"),
        User.objects.create_superuser("bob", "bob@example.org", "bob-correct-pw"),
    )


def login(client, username, password, ip="192.0.2.10"):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_repeated_failures_lock_out_that_user_from_that_address(client, settings, editors):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "alice", "wrong").status_code == 200
    # The failure that reaches the limit is answered with the lock-out page.
    assert login(client, "alice", "wrong").status_code == 429

    locked = login(client, "alice", "alice-correct-pw")
    assert locked.status_code == 429
    assert b"Sign-in temporarily locked" in locked.content
    assert b"Other accounts are not affected" in locked.content
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_block_other_users_or_addresses(client, settings, editors):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "alice", "wrong")
    assert login(client, "alice", "alice-correct-pw").status_code == 429

    other_user = login(client, "bob", "bob-correct-pw")
    assert other_user.status_code == 302
    client.logout()

    other_address = login(client, "alice", "alice-correct-pw", ip="198.51.100.7")
    assert other_address.status_code == 302


def test_fewer_failures_than_the_limit_do_not_lock(client, settings, editors):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "alice", "wrong")
    assert login(client, "alice", "alice-correct-pw").status_code == 302


def login_via_proxy(client, username, password, chain, proxy="10.0.0.2"):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=chain
    )


def test_behind_a_trusted_proxy_a_lockout_is_for_that_client_not_everyone_behind_the_proxy(client, settings, editors):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login_via_proxy(client, "alice", "wrong", chain="203.0.113.9")
    assert login_via_proxy(client, "alice", "alice-correct-pw", chain="203.0.113.9").status_code == 429
    # Alice from her own office, through the same proxy, is not locked out by a stranger's guesses.
    assert login_via_proxy(client, "alice", "alice-correct-pw", chain="198.51.100.20").status_code == 302


def test_a_client_behind_the_proxy_cannot_escape_a_lockout_by_writing_its_own_forwarded_header(
    client, settings, editors
):
    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login_via_proxy(client, "alice", "wrong", chain=f"1.1.1.{attempt}, 203.0.113.9")
    assert login_via_proxy(client, "alice", "alice-correct-pw", chain="9.9.9.9, 203.0.113.9").status_code == 429


def test_a_direct_client_rotating_a_spoofed_forwarded_header_stays_locked_out(client, settings, editors):
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            "/admin/login/",
            {"username": "alice", "password": "wrong"},
            REMOTE_ADDR="192.0.2.10",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
        )
    assert response.status_code == 429
    spoofed = client.post(
        "/admin/login/",
        {"username": "alice", "password": "alice-correct-pw"},
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert spoofed.status_code == 429


def test_a_lockout_is_logged_with_the_clients_pseudonym_never_its_address(client, settings, editors, caplog):
    from django.test import RequestFactory

    from core.client_address import client_pseudonym

    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "alice", "wrong", ip="192.0.2.77")
    [record] = [r for r in caplog.records if r.name == "serving.login_throttling"]
    assert record.client_pseudonym == client_pseudonym(RequestFactory().get("/", REMOTE_ADDR="192.0.2.77"))
    assert "192.0.2.77" not in record.getMessage()


# Upload limits


def png_bytes(width, height):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def admin_client_logged_in(client, db):
    user = get_user_model().objects.create_superuser("uploader", "u@example.org", "pw")
    client.force_login(user)
    return client


def test_oversize_image_is_refused_with_a_message(admin_client_logged_in, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    data = png_bytes(400, 400) + os.urandom(2048)  # over 1 KiB
    response = admin_client_logged_in.post(
        "/admin/images/add/", {"title": "Big", "file": SimpleUploadedFile("big.png", data, "image/png")}
    )
    assert response.status_code == 200
    assert b"too large" in response.content or b"too big" in response.content
    assert not get_image_model().objects.filter(title="Big").exists()


def test_image_with_too_many_pixels_is_refused_with_a_message(admin_client_logged_in, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100 * 100
    response = admin_client_logged_in.post(
        "/admin/images/add/",
        {"title": "Wide", "file": SimpleUploadedFile("wide.png", png_bytes(200, 200), "image/png")},
    )
    assert response.status_code == 200
    assert b"pixels" in response.content
    assert not get_image_model().objects.filter(title="Wide").exists()


def test_image_within_limits_is_accepted(admin_client_logged_in):
    response = admin_client_logged_in.post(
        "/admin/images/add/",
        {"title": "Small", "file": SimpleUploadedFile("small.png", png_bytes(50, 50), "image/png")},
    )
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Small").exists()


def test_oversize_document_is_refused_with_a_message(admin_client_logged_in, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = admin_client_logged_in.post(
        "/admin/documents/add/",
        {"title": "Report", "file": SimpleUploadedFile("report.pdf", b"%PDF-1.4\n" + b"0" * 4096, "application/pdf")},
    )
    assert response.status_code == 200
    assert b"too large" in response.content or b"too big" in response.content
    assert not get_document_model().objects.filter(title="Report").exists()


def test_configured_limits():
    from django.conf import settings

    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 10 * 1024 * 1024


def test_sign_in_without_a_request_is_not_throttled_or_refused(client, editors):
    # The test client's login() authenticates without a request; it must keep working.
    assert client.login(username="alice", password="alice-correct-pw")


@pytest.mark.django_db
def test_policy_built_once_still_follows_per_view_overrides(rf):
    from csp.decorators import csp_update
    from django.http import HttpResponse

    from serving.middleware import SiteCSPMiddleware

    @csp_update({"img-src": ["https://maps.example.org"]})
    def special(request):
        return HttpResponse("x")

    middleware = SiteCSPMiddleware(lambda request: HttpResponse("x"))
    plain = middleware(rf.get("/"))
    assert "maps.example.org" not in plain["Content-Security-Policy"]
    updated = SiteCSPMiddleware(special)(rf.get("/"))
    assert "https://maps.example.org" in updated["Content-Security-Policy"]
    assert middleware(rf.get("/"))["Content-Security-Policy"] == plain["Content-Security-Policy"]
