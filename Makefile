# newsportal: `make run` serves the portal with demo content, `make test` runs every test.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell command -v python3.12 || command -v python3.13 || command -v python3)
MANAGE := $(PY) manage.py

.PHONY: help install run serve test screenshots lint format check audit clean bench messages compilemessages

help:
	@echo "make run      set everything up and serve the portal at http://127.0.0.1:$(PORT)/"
	@echo "make test     run the whole test suite (browser tests included)"
	@echo "make screenshots  refresh docs/screenshots/ (every kind of page at 1280 and 375 px)"
	@echo "make install  create .venv and install the pinned requirements"
	@echo "make lint     ruff check and ruff format --check"
	@echo "make format   format the code with ruff"
	@echo "make messages  gather new strings into locale/ (es, fr, ar) for translation"
	@echo "make audit    check the pinned dependencies for known vulnerabilities (pip-audit)"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed (found " + sys.version.split()[0] + "); install it or set PYTHON=/path/to/python3.12")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# axe-core, for the accessibility checks of the browser tests. Without npm
# those checks are skipped (and say so); everything else still runs.
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the accessibility checks will be skipped (apt-get install npm)"; fi

# The compiled catalogues (.mo) are built here from the committed .po files, never committed.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
locale/%.mo: locale/%.po
	msgfmt --check -o $@ $<

compilemessages: $(MO_FILES)

install: $(VENV)/.installed compilemessages

# Every string of the code in the catalogues (docs/languages.md): new ones come
# in with an empty translation, to be written before merging. The folders left
# out are in newsportal/management/commands/makemessages.py.
messages: $(VENV)/.installed
	DJANGO_SECRET_KEY=messages $(MANAGE) makemessages -l es -l fr -l ar --no-obsolete
	DJANGO_SECRET_KEY=messages $(MANAGE) makemessages -d djangojs -l es -l fr -l ar --no-obsolete

# The local setup: a generated secret key, and plain HTTP on this machine
# (the HTTPS-only defaults are switched off here, never in the code).
.env:
	@echo "Writing .env for local use (plain HTTP on 127.0.0.1)"
	@{ echo "DJANGO_SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
	   echo "DJANGO_DEBUG=0"; \
	   echo "DJANGO_SECURE_SSL_REDIRECT=0"; \
	   echo "DJANGO_SECURE_COOKIES=0"; \
	   echo "DJANGO_SECURE_HSTS_SECONDS=0"; \
	   echo "DJANGO_SERVE_MEDIA=1"; \
	   echo "DJANGO_EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend"; } > .env

run: install .env
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	$(MANAGE) seed_demo_comments
	$(MANAGE) seed_demo_accounts
	$(MANAGE) collectstatic --no-input --verbosity 0
	@echo "Serving on http://127.0.0.1:$(PORT)/  (Ctrl+C stops)"
	@echo "Newsroom: http://127.0.0.1:$(PORT)/$$($(MANAGE) shell -v0 -c 'from django.conf import settings; print(settings.ADMIN_URL)')"
	@echo "  sign in as 'editor' or 'author' with the password printed above the first time (manage.py seed_demo_accounts --reset-passwords prints new ones)"
	@# The task worker (mail, notices) runs beside gunicorn and stops with it.
	PORT=$(PORT) $(MANAGE) db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	PORT=$(PORT) $(VENV)/bin/gunicorn --config newsportal/gunicorn.conf.py newsportal.wsgi

test: install node_modules/.package-lock.json
	$(VENV)/bin/pytest $(PYTEST_ARGS)

screenshots: install
	$(VENV)/bin/pytest tests/e2e -m screenshots --screenshots-dir docs/screenshots $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# Fails on a known vulnerability; warns when the vulnerability data is out of
# reach (AUDIT_REQUIRE_DATA=1 makes that fail too). See tools/audit_dependencies.py.
audit: install
	$(PY) tools/audit_dependencies.py

clean:
	rm -rf $(VENV) staticfiles node_modules test-results

# Load benchmark against PostgreSQL (see bench/README.md and docs/PERFORMANCE.md).
bench: install
	$(PY) bench/run.py
	$(PY) bench/long_tail.py
