"""Settings shared by every environment.

Everything that differs between machines comes from environment variables;
the defaults here are the safe, embedded development ones (SQLite, LocMem
cache, Wagtail's database search backend, console email).
"""

import os
from pathlib import Path

import dj_database_url

from headless.public_url import RequestBaseURL

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# Application definition

INSTALLED_APPS = [
    "core",
    "home",
    "countries",
    "contact",
    "search",
    # Before the wagtail apps: their ready() builds the pages API from the page shapes headless has
    # registered by then (headless.page_shapes; check headless.E002 says so if it is moved).
    "headless",
    "webhooks",
    "archive",
    "corsheaders",
    "serving",
    "wagtail.api.v3",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    # After wagtail.admin: its ready() replaces the review e-mails wagtail.admin connects.
    "editorial",
    # Local Swagger UI assets for /api/v3/docs/, the Content-Security-Policy, login throttling.
    "ninja",
    "csp",
    "axes",
    # The queued task backend production uses (its tables and `manage.py db_worker`).
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Every error under /api/ leaves as application/problem+json, whoever answered it.
    "headless.problems.ApiProblemMiddleware",
    # The content generation, read once per request where the database holds it (no Redis).
    "core.content_cache.RequestGenerationMiddleware",
    # Server-side page cache. Above the middleware that only add response headers (CSP, permissions,
    # ETag, Cache-Control), so it stores the response as it leaves and a hit skips them all (it answers
    # If-None-Match itself); above the session, CORS, CSRF and messages middleware, so it sees every
    # cookie and Vary header they add.
    "serving.page_cache.PageCacheMiddleware",
    "serving.middleware.SiteCSPMiddleware",
    "serving.middleware.PermissionsPolicyMiddleware",
    # ETags and 304s for what the next middleware leaves cacheable (see headless/middleware.py).
    "django.middleware.http.ConditionalGetMiddleware",
    "headless.middleware.CacheControlMiddleware",
    # Below the page cache: only the requests it does not answer look their Site up.
    "serving.site_lookup.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "headless.request_guard.ApiRequestGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware, which has refused requests for hosts outside ALLOWED_HOSTS.
    "headless.public_url.RequestBaseURLMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"


# Database: SQLite file in the project folder unless DATABASE_URL says otherwise.

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if USING_POSTGRES:
    # Wagtail's database search backend uses PostgreSQL full-text search when this is installed.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Cache: Redis when REDIS_URL is set, process-local memory otherwise.

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cms"),
            # A Redis outage makes the site slower (every page rendered), never down; /healthz reports it.
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
else:
    # Each worker's own memory; bounded, oldest entries culled first.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("LOCAL_CACHE_MAX_ENTRIES", "5000"))},
        }
    }


# Background tasks (django-tasks). Immediate in development and tests; production defaults to the
# database backend (django-tasks-db), run by `manage.py db_worker` (see README, "Processes").

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}


# Password validation

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


# Internationalisation

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True


# Static and media files

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Wagtail's page editor can post many fields for a long analysis.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440


# Email: console in development; SMTP settings come from the environment in production.

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# Seconds before an SMTP connection gives up, so that a stuck mail server holds a worker for at most this.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL


# Wagtail

WAGTAIL_SITE_NAME = "The Human Rights: country analyses"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
# Review e-mails go to the people a page concerns (see editorial/notifications.py), not to every superuser.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False

WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000


# Court bundles: each published version's PDF is made by a task as it is published (countries.tasks).
VERSION_PDFS_AT_PUBLICATION = env_bool("VERSION_PDFS_AT_PUBLICATION", True)
# Each published version's cited sources are archived by a task (archive app): a WARC and a readable
# copy of every URL in its bibliography. The PDF cites the archived copies, so while archiving is on the
# archiver makes the PDF when it is done (VERSION_PDFS_AFTER_ARCHIVING) instead of the publication.
ARCHIVE_SOURCES_AT_PUBLICATION = env_bool("ARCHIVE_SOURCES_AT_PUBLICATION", True)
VERSION_PDFS_AFTER_ARCHIVING = ARCHIVE_SOURCES_AT_PUBLICATION
# Limits of one fetch (archive/fetch.py): seconds to connect, to wait for each read and for the whole
# response; the largest body kept (bytes); redirects followed, each to a vetted public address.
ARCHIVE_CONNECT_TIMEOUT = float(os.environ.get("ARCHIVE_CONNECT_TIMEOUT", "10"))
ARCHIVE_READ_TIMEOUT = float(os.environ.get("ARCHIVE_READ_TIMEOUT", "20"))
ARCHIVE_TOTAL_TIMEOUT = float(os.environ.get("ARCHIVE_TOTAL_TIMEOUT", "60"))
ARCHIVE_MAX_BYTES = int(os.environ.get("ARCHIVE_MAX_BYTES", str(25 * 1024 * 1024)))
ARCHIVE_MAX_REDIRECTS = int(os.environ.get("ARCHIVE_MAX_REDIRECTS", "5"))
# Seconds between two fetches from one host while a version's sources are archived.
ARCHIVE_HOST_INTERVAL = float(os.environ.get("ARCHIVE_HOST_INTERVAL", "1"))
# A version's PDF waits for its archiving at most this long after publication (seconds): a stuck
# archiver must not leave a version without a PDF.
ARCHIVE_PDF_MAX_WAIT = int(os.environ.get("ARCHIVE_PDF_MAX_WAIT", str(60 * 60)))
# The link monitor (`manage.py check_cited_links`, daily from the scheduler): at most this many requests
# a second overall, at least this many seconds between two requests to one host, and its history kept
# this many days.
LINK_CHECK_MAX_RATE = float(os.environ.get("LINK_CHECK_MAX_RATE", "1"))
LINK_CHECK_HOST_INTERVAL = float(os.environ.get("LINK_CHECK_HOST_INTERVAL", "10"))
LINK_CHECK_HISTORY_DAYS = int(os.environ.get("LINK_CHECK_HISTORY_DAYS", "400"))

# Search: Wagtail's database backend (SQLite FTS5 or PostgreSQL full-text search)
# unless ELASTICSEARCH_URL names a cluster.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
# English stemming and stop words for every text field, as the database backends have
# (search/engines): "default" is the analyzer of any field that names none.
ELASTICSEARCH_INDEX_SETTINGS = {"settings": {"analysis": {"analyzer": {"default": {"type": "english"}}}}}
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.elasticsearch",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "cms_"),
            "TIMEOUT": 10,
            "OPTIONS": {},
            "INDEX_SETTINGS": ELASTICSEARCH_INDEX_SETTINGS,
        }
    }
else:
    # Wagtail's database backend for Wagtail's own searches; the site search reads the search
    # documents through the database's full-text engine (search/engines).
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}

# API v3
# meta.detail_url's host: this setting when given (e.g. https://api.example.org behind a proxy that
# rewrites the host); otherwise the host that served the request, which ALLOWED_HOSTS has vetted
# (headless/public_url.py). Outside a request (webhook payloads) the admin's base URL.
WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL") or RequestBaseURL(fallback=WAGTAILADMIN_BASE_URL)
WAGTAILAPI_LIMIT_MAX = 50

# Whether `load_seed_content --demo-users` may create accounts with printed passwords.
DEMO_USERS_ALLOWED = False


# --- Serving, caching and hardening (README "Production") ------------------------------------

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out user/IP pair is refused before the password is checked.
    "serving.auth_backends.RequestAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Content cache (page cache, page fragments, menu and footer): on by default, never stale (a content
# generation every change replaces). PAGE_CACHE_ENABLED turns off just the whole-response cache.
CONTENT_CACHE_ENABLED = env_bool("CONTENT_CACHE_ENABLED", True)
# Where the content generation lives: in the shared cache with Redis, else in the database, which every
# worker reads once per request while keeping the entries in its own memory (core/content_cache.py).
CONTENT_GENERATION_STORE = os.environ.get("CONTENT_GENERATION_STORE", "cache" if REDIS_URL else "database")
CONTENT_CACHE_TIMEOUT = int(os.environ.get("CONTENT_CACHE_TIMEOUT", str(6 * 60 * 60)))
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/django-admin/", "/documents/", "/healthz", "/readyz", "/bench/"]
PAGE_CACHE_BYPASS_QUERY_PARAMS = ["preview", "token", "preview_token"]

# Front-end cache (CDN) purge on publish: off unless a CDN is named.
FRONTEND_CACHE_EXTRA_PURGE_PATHS = ["/", "/search/", "/api/v3/search/", "/api/v3/pages/"]
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_URL"],
        }
    }
elif os.environ.get("CLOUDFLARE_API_TOKEN") and os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": os.environ["CLOUDFLARE_API_TOKEN"],
            "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
        }
    }
if globals().get("WAGTAILFRONTENDCACHE"):
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")

# Image renditions: Wagtail looks them up in the "renditions" cache alias, else in "default" (Redis when
# REDIS_URL is set), so no extra setting is needed.

# Content-Security-Policy (django-csp 4). No nonces: they would make cached pages unshareable. The
# Wagtail admin needs inline styles, data: images and (under /admin/ only, see SiteCSPMiddleware)
# inline scripts; Swagger UI at /api/v3/docs/ is served from
# ninja's local static files (``ninja`` in INSTALLED_APPS), so no CDN is allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
CSP_ADMIN_PATH_PREFIXES = ["/admin/", "/django-admin/"]
CSP_ADMIN_DIRECTIVES_UPDATE = {"script-src": ["'unsafe-inline'"]}
PERMISSIONS_POLICY_DISABLED = [
    "accelerometer",
    "camera",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail's preview views override this to SAMEORIGIN for the admin's preview panel.
X_FRAME_OPTIONS = "DENY"

# Admin login throttling (django-axes): 5 failures lock that user name from that address for an hour;
# other users, and the same user from elsewhere, can still log in.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "serving/lockout.html"
# The client address comes from core.client_address, as for the form limiter and security logs.
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"

# Reverse proxies in front of gunicorn that append the client's address to X-Forwarded-For (0: none,
# the connection's address is the client). One setting for the form limiter, login throttling and logs.
# FORM_TRUSTED_PROXY_COUNT and BEHIND_PROXY=1 are the names older deployments used.
TRUSTED_PROXY_COUNT = int(
    os.environ.get("TRUSTED_PROXY_COUNT")
    or os.environ.get("FORM_TRUSTED_PROXY_COUNT")
    or ("1" if env_bool("BEHIND_PROXY") else "0")
)

# The load benchmark's constant view (/bench/ceiling/) exists only when BENCH is on; never in production.
BENCH = env_bool("BENCH")

# No Gravatar: it would send editors' e-mail hashes to a third party, and the CSP allows no other origin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No upgrade check from editors' browsers to releases.wagtail.org (dependency updates come through
# requirements.txt); the CSP would block it anyway.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# --- Consultation form (contact app) and CORS for the headless clients ------------------------
# django-cors-headers answers cross-origin requests to the API only, and only from the front-end
# origins listed in CORS_ALLOWED_ORIGINS (comma-separated, e.g. https://www.example.org).
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/v3/.*$"

# Submissions older than this many days are deleted by `manage.py purge_form_submissions` (run daily).
FORM_SUBMISSION_RETENTION_DAYS = int(os.environ.get("FORM_SUBMISSION_RETENTION_DAYS", "180"))
# Form posts per client address and window (seconds) before answering 429.
FORM_RATE_LIMIT_ATTEMPTS = int(os.environ.get("FORM_RATE_LIMIT_ATTEMPTS", "10"))
FORM_RATE_LIMIT_WINDOW = int(os.environ.get("FORM_RATE_LIMIT_WINDOW", "600"))
# Where the limiter counts: "cache" (Redis, shared by every process; falls back to the database while
# Redis is unreachable) or "database". A per-process cache would let each worker count on its own, so
# `check --deploy` refuses "cache" without a shared cache backend (contact/checks.py).
FORM_RATE_LIMIT_STORE = os.environ.get("FORM_RATE_LIMIT_STORE", "cache" if REDIS_URL else "database")
# A form sent sooner than this after it was shown is treated as a bot; older than the max age, as stale.
FORM_MIN_SECONDS_TO_FILL = 3
FORM_TOKEN_MAX_AGE = 60 * 60 * 24
# Consultation form posts above this size are refused (413) before they are read.
FORM_MAX_REQUEST_BYTES = 64 * 1024
# --- Headless delivery: API rich text, HTTP caching, front-end preview, webhooks ---------------

# Rich text in API responses is display HTML with internal links and images resolved;
# clients may still ask for ?rich_text_format=db_html|markdown|db_markdown.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"

# Cache-Control for anonymous GET/HEAD responses (headless.middleware.CacheControlMiddleware).
HEADLESS_CACHE_MAX_AGE = int(os.environ.get("HEADLESS_CACHE_MAX_AGE", "60"))
HEADLESS_CACHE_S_MAXAGE = int(os.environ.get("HEADLESS_CACHE_S_MAXAGE", "300"))

# When set, the admin preview opens this front-end URL with ?token=...&id=...&type=...;
# the front end exchanges the token at /api/v3/preview/{id}/?token=... for the draft JSON.
HEADLESS_PREVIEW_URL = os.environ.get("HEADLESS_PREVIEW_URL", "")
HEADLESS_PREVIEW_MAX_AGE = int(os.environ.get("HEADLESS_PREVIEW_MAX_AGE", "3600"))

# Publish webhooks (webhooks app): per-attempt timeout, attempts, back-off base (seconds).
WEBHOOKS_TIMEOUT = float(os.environ.get("WEBHOOKS_TIMEOUT", "5"))
WEBHOOKS_MAX_ATTEMPTS = int(os.environ.get("WEBHOOKS_MAX_ATTEMPTS", "5"))
WEBHOOKS_RETRY_BACKOFF = float(os.environ.get("WEBHOOKS_RETRY_BACKOFF", "2"))

# --- Outbound connections: webhooks, the source archiver and the link monitor ------------------
# They reach public addresses only; these networks (comma-separated CIDRs, e.g. 10.0.5.0/24 for an
# internal front end) are allowed as well (core/outbound.py). WEBHOOKS_ALLOWED_NETWORKS is the name
# older deployments used.
OUTBOUND_ALLOWED_NETWORKS = env_list("OUTBOUND_ALLOWED_NETWORKS") or env_list("WEBHOOKS_ALLOWED_NETWORKS")
