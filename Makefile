# The front door. `make run` and `make test` are the two commands a fresh clone needs.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Local development defaults; production sets these in its environment (see .env.example).
RUN_ENV := DJANGO_DEBUG=true SENDCPP_DEMO_MODE=true DJANGO_SECURE_SSL_REDIRECT=false
TEST_WORKERS ?= 2
# Each step of `make check` says how long it took (bash's `time`, to stderr).
TIMED = TIMEFORMAT='  ... $@ step took %1Rs'; time

.PHONY: install assets migrate run test lint lint-templates fmt check migrations-check imports types worker beat bench clean
.PHONY: reset-demo chromium

$(VENV)/bin/uv:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv

install: $(VENV)/bin/uv
	$(UV) sync --frozen --inexact --quiet
	$(MAKE) --no-print-directory assets

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json
	mkdir -p var && node frontend/build.mjs

migrate: install
	$(RUN_ENV) $(PY) manage.py migrate --no-input

# The production shape on embedded parts: PostgreSQL and Redis (embedded when DATABASE_URL /
# REDIS_URL are unset), migrations, the demo (loaded once), then web (gunicorn), a Celery worker
# and Celery beat under honcho (Procfile). Ctrl-C stops them all.
run: install
	$(RUN_ENV) LOG_FORMAT=plain $(PY) -m sendcpp.embedded run

# Start the demo over: drop the database, migrate and load the demo again (DEBUG only).
reset-demo: install
	$(RUN_ENV) LOG_FORMAT=plain $(PY) -m sendcpp.embedded reset-demo

# The deadline rules carry children's legal entitlements: their tests must reach every branch.
# The test settings are named here too: coverage imports the package before pytest-django reads
# its ini setting, and the Celery app sets the production settings as the default on import.
TEST_ENV := env DJANGO_SETTINGS_MODULE=sendcpp.settings.test
test: install chromium
	$(TIMED) $(TEST_ENV) $(PY) -m pytest -q -p no:xdist sendcpp/tests/test_deadlines.py \
	  --cov=sendcpp.deadlines --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=100
	$(TIMED) $(TEST_ENV) $(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup -q

lint: install
	$(TIMED) $(VENV)/bin/ruff check .
	$(TIMED) $(VENV)/bin/ruff format --check .

# djlint in lint mode over every template (rules in [tool.djlint] in pyproject.toml).
lint-templates: install
	$(VENV)/bin/djlint templates */templates --lint

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	$(TIMED) $(RUN_ENV) $(PY) manage.py makemigrations --check --dry-run

# The dependency rules of docs/architecture.md, as import-linter contracts in pyproject.toml.
imports: install
	$(TIMED) $(VENV)/bin/lint-imports

# mypy with the django-stubs and DRF plugins over `[tool.mypy] files`. The plugins load the test
# settings; placeholder DATABASE_URL and REDIS_URL keep them from starting embedded servers (nothing
# connects).
types: install
	$(TIMED) env DATABASE_URL="$${DATABASE_URL:-postgres://unused@127.0.0.1:1/unused}" \
	  REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:1/0}" $(VENV)/bin/mypy

# The one quality gate, what CI runs (.ci/run): the fast checks first, then the whole test suite.
check: lint lint-templates migrations-check imports types test
	@echo "make check: every step passed"

# The browser tests drive Debian's Chromium: installed here when missing and we can (root on
# Debian), otherwise stop at once saying how.
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null; \
	  else \
	    echo "make test needs Debian's chromium for the browser tests: run 'sudo apt-get install -y chromium fonts-liberation', then make test again."; \
	    exit 1; \
	  fi

# One worker or beat on its own (make run starts both); they need a broker: REDIS_URL.
worker: install
	@test -n "$$REDIS_URL" || { echo "make worker needs REDIS_URL (make run starts web, worker and beat with an embedded Redis)."; exit 1; }
	$(PY) -m celery -A sendcpp worker --loglevel info

beat: install
	@test -n "$$REDIS_URL" || { echo "make beat needs REDIS_URL (make run starts web, worker and beat with an embedded Redis)."; exit 1; }
	$(PY) -m celery -A sendcpp beat --loglevel info --schedule var/celerybeat-schedule

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules static/dist var/test-documents var/redis var/celerybeat-schedule*
