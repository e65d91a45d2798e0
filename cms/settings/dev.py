from .base import *  # noqa: F403
from .base import os

DEBUG = True

# Development only: a fixed, obviously unsafe key.
SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-development-only-key-do-not-deploy")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"] + env_list("ALLOWED_HOSTS")  # noqa: F405

DEMO_USERS_ALLOWED = True

# Serve static files from the app folders without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Templates change while developing: cache whole pages only when asked to.
CONTENT_CACHE_ENABLED = env_bool("CONTENT_CACHE_ENABLED", False)  # noqa: F405

# The immediate task backend would fetch every seed analysis's sources while `make run` loads them:
# archiving is on in development only when asked for.
ARCHIVE_SOURCES_AT_PUBLICATION = env_bool("ARCHIVE_SOURCES_AT_PUBLICATION", False)  # noqa: F405
VERSION_PDFS_AFTER_ARCHIVING = ARCHIVE_SOURCES_AT_PUBLICATION
