# IMR decision portal: `make run` serves the site with demo letters, `make test` runs the suite.
SHELL := /bin/bash
# The virtualenv's interpreter: Debian's python3.11 when it has venv (built with profile-guided and
# link-time optimization, like the official python images: the parser runs ~1.25x faster on it than on
# a plain source build such as pyenv's), else the first python3.11 on the PATH.
PYTHON ?= $(shell /usr/bin/python3.11 -c 'import ensurepip, venv' 2>/dev/null && echo /usr/bin/python3.11 || echo python3.11)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_GENERATED ?= 2000

.PHONY: install venv run stop status test test-fast lint format bench services clean-var

# The portal's defaults are production ones (DEBUG off): running it here and testing it ask for the
# development settings explicitly. Its database is the PostgreSQL that `python -m stack` runs
# (portal/settings.py's default DATABASE_URL) unless DATABASE_URL names another one.
run test: export DEBUG = true

# (Re)create the virtualenv when it is missing or was made from another interpreter than $(PYTHON).
venv:
	@want=$$($(PYTHON) -c 'import os, sys; print(os.path.realpath(sys.executable))' 2>/dev/null); \
	 have=$$([ -x $(PY) ] && $(PY) -c 'import os, sys; print(os.path.realpath(sys._base_executable))' 2>/dev/null); \
	 if [ -n "$$want" ] && [ "$$want" != "$$have" ]; then \
	   [ -d $(VENV) ] && echo "== $(VENV) was made with $${have:-another interpreter}: recreating it with $$want"; \
	   rm -rf $(VENV); \
	 fi

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || PYTHON=python3; \
	 [ -x $(PY) ] || { echo "== creating $(VENV)"; $${PYTHON:-$(PYTHON)} -m venv $(VENV) || python3 -m venv $(VENV); }
	@echo "== pip install -r requirements-dev.txt"
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -r requirements-dev.txt
	@touch $(STAMP)

install:
	@$(MAKE) --no-print-directory venv
	@$(MAKE) --no-print-directory -s $(STAMP)
	@# A checkout that once compiled the parser (before it was plain Python) has .so files beside the
	@# sources; Python would import them instead of the .py: remove them.
	@find portal accounts ingest search sheets -name '*.so' -delete; rm -f ingest/.native-build.json
	@$(PY) -m stack install

services: install
	@$(PY) -m stack start

run: install
	@$(PY) -m stack start
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py reindex --if-stale
	@$(PY) manage.py collectstatic --noinput -v0
	@$(PY) manage.py demo_user
	@$(PY) -m stack start worker beat web
	@$(PY) manage.py load_demo --generated $(DEMO_GENERATED)
	@echo
	@echo "The IMR decision portal is at http://127.0.0.1:$${WEB_PORT:-8000}  (stop everything with: make stop)"
	@$(PY) manage.py demo_user --quiet-if-exists

stop:
	@[ -x $(PY) ] && $(PY) -m stack stop || true

status:
	@$(PY) -m stack status

test: install
	@$(PY) -m stack test

lint: install
	@# django-stubs' mypy plugin loads the settings: the development ones, asked for explicitly
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@DEBUG=true $(VENV)/bin/mypy
	@$(VENV)/bin/lint-imports

format: install
	@$(VENV)/bin/ruff format .
	@$(VENV)/bin/ruff check --fix .

bench: install
	@$(PY) -m stack start
	@$(PY) bench/run_all.py
