# Two commands matter: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format check-migrations openapi-snapshot serve prod backup restore bench-load bench-side-by-side \
	mutation clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seed_content --demo-users
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: $(VENV)/.installed
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Production settings on 127.0.0.1 with gunicorn (gunicorn.conf.py), against DATABASE_URL (default:
# the SQLite file). Plain http on localhost only: SECURE_SSL_REDIRECT is off here (and in the load
# benchmark's own environment).
# SECRET_KEY signs sessions, form and preview tokens and API tokens' digests: made once, kept in a
# git-ignored file only its owner can read, and read by the shell at run time, so that no echoed
# command line shows it and tokens and sessions survive a restart. A SECRET_KEY in the environment wins.
SECRET_KEY_FILE := .secret_key
$(SECRET_KEY_FILE):
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@.tmp && mv $@.tmp $@
SERVE_ENV = DJANGO_SETTINGS_MODULE=cms.settings.production \
	SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	SECURE_SSL_REDIRECT=0 \
	DB_CONN_MAX_AGE="$${DB_CONN_MAX_AGE:-600}" \
	GUNICORN_BIND=$(HOST):$(PORT)

serve: $(VENV)/.installed $(SECRET_KEY_FILE)
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) $(BIN)/gunicorn -c gunicorn.conf.py

# Every production process (Procfile: web, worker, scheduler) under honcho, with production settings,
# e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/cms REDIS_URL=redis://127.0.0.1:6379/0 make prod
prod: $(VENV)/.installed $(SECRET_KEY_FILE)
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile

# Backup and restore (serving/backup.py): the database (pg_dump, or SQLite's online backup) and the
# media files into BACKUP_DIR; restore into an empty database named by DATABASE_URL.
BACKUP_DIR ?= backups/$(shell date -u +%Y%m%dT%H%M%SZ)
backup: $(VENV)/.installed
	$(BIN)/python manage.py backup "$(BACKUP_DIR)"
restore: $(VENV)/.installed
	test -n "$(BACKUP_DIR)" && $(BIN)/python manage.py restore "$(BACKUP_DIR)"

# Load benchmark (bench/load.py --help): its own databases, never the development one.
bench-load: $(VENV)/.installed
	$(BIN)/python bench/load.py $(BENCH_ARGS)
# Side-by-side benchmark (bench/side_by_side.py --help, docs/benchmarks.md): a bare Django view, Wagtail's
# bakerydemo (built outside this repository by bench/prepare-bakerydemo.sh into BAKERY) and this project,
# uncached without and with Redis and cached, in one run; prints one table. Redis DB 13 is flushed.
BAKERY ?= /tmp/bakery
bench-side-by-side: $(VENV)/.installed
	$(BIN)/python bench/side_by_side.py --bakery "$(BAKERY)" $(BENCH_ARGS)
# Regenerate tests/headless/openapi.snapshot.json after an intended API change.
openapi-snapshot: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py openapi_snapshot tests/headless/openapi.snapshot.json

# Mutation testing (mutmut 3, [tool.mutmut] in pyproject.toml; not part of CI, about 45 minutes on one
# core): contact/, editorial/workflow.py and search/params.py against tests/contact, tests/editorial and
# tests/search/test_params.py, on SQLite only (DATABASE_URL is unset). A fresh run each time: mutmut
# would otherwise keep old verdicts for functions that did not change.
# Prints every module's score and fails below 90 %; tests/mutation-equivalent.txt lists the mutants
# with no observable effect. One worker by default; MUTATION_CHILDREN=2 for more.
MUTATION_CHILDREN ?= 1
mutation: $(VENV)/.installed-dev
	rm -rf mutants
	env -u DATABASE_URL $(BIN)/mutmut run --max-children $(MUTATION_CHILDREN)
	$(BIN)/python tools/mutation_score.py --survivors

clean:
	rm -rf $(VENV) staticfiles .pytest_cache mutants
