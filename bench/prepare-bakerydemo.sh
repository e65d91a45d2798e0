#!/bin/bash
# Prepare Wagtail's reference demo (wagtail/bakerydemo) as the peer for side-by-side benchmarks.
# usage: prepare-bakerydemo.sh SOURCE [TARGET]
#   SOURCE: a git URL or a local git directory of wagtail/bakerydemo, checked out at commit 8e2b625 (the one
#           measured; BAKERYDEMO_COMMIT=<commit> for another)
#   TARGET: where to build it (default /tmp/bakery), outside this repository; bench/side_by_side.py --bakery TARGET
#           serves it itself. By hand:
#     (source TARGET/env.sh && cd TARGET/src && TARGET/venv/bin/gunicorn bakerydemo.wsgi:application -w 2 -k sync -b 127.0.0.1:8720)
# Its pins (Django 6.0, Wagtail 7.4) are replaced by Django 5.2 and Wagtail 8.0 so that both sides run the same
# framework versions on Python 3.11. It runs its own production settings on SQLite with DEBUG off, its database
# search backend and its in-memory cache, over plain HTTP.
set -euo pipefail
SOURCE=${1:?usage: prepare-bakerydemo.sh SOURCE [TARGET]}
B=${2:-/tmp/bakery}
rm -rf "$B/src" && mkdir -p "$B" && git clone -q "$SOURCE" "$B/src"
git -C "$B/src" checkout -q "${BAKERYDEMO_COMMIT:-8e2b625}"
cat > "$B/env.sh" <<ENV
export DJANGO_SETTINGS_MODULE=bakerydemo.settings.production
export DJANGO_SECRET_KEY='bakerydemo-benchmark-local-secret-key-not-for-real-use-0123456789'
export SECRET_KEY="\$DJANGO_SECRET_KEY" DJANGO_ALLOWED_HOSTS='*' ALLOWED_HOSTS='*'
export DATABASE_URL='sqlite:///$B/src/bakerydemodb'
export SECURE_SSL_REDIRECT=False SECURE_HSTS_SECONDS=0 DJANGO_LOG_LEVEL=WARNING
unset REDIS_URL REDIS_TLS_URL ELASTICSEARCH_ENDPOINT AWS_STORAGE_BUCKET_NAME GS_BUCKET_NAME BASIC_AUTH_ENABLED CSP_DEFAULT_SRC
ENV
[ -x "$B/venv/bin/python" ] || python3 -m venv "$B/venv"
grep -vE '^(Django|wagtail)[<>=]' "$B/src/requirements/base.txt" > "$B/base-unpinned.txt"
"$B/venv/bin/pip" install -q 'Django>=5.2,<5.3' 'wagtail>=8.0,<8.1' -r "$B/base-unpinned.txt" \
  whitenoise django-redis django-storages django-basic-auth-ip-whitelist gunicorn dj-database-url
source "$B/env.sh"
cd "$B/src"
"$B/venv/bin/python" manage.py migrate --noinput -v0
"$B/venv/bin/python" manage.py load_initial_data
"$B/venv/bin/python" manage.py collectstatic --noinput -v0
echo "bakerydemo ready under $B; URLs by role: home /, article /blog/wild-yeast/, listing /blog/, search /search/?q=bread, API list /api/v2/pages/, API detail /api/v2/pages/62/"
