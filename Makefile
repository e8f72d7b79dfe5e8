# Two set-up commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
# The browser tests (tests/browser) drive Debian's Chromium through Playwright.
CHROMIUM := /usr/bin/chromium
AXE := node_modules/axe-core/axe.min.js

.PHONY: run test bench setup assets translations clean-instance chromium postgres redis

setup: $(VENV)/.installed static/dist/.built static/dist/fonts/pdf/.built translations

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node 20+) is needed: apt-get install nodejs npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# axe-core (pinned in package.json) is injected into every page the browser tests load.
$(AXE): node_modules/.installed
	@test -f $@ || npm ci --no-audit --no-fund --loglevel=error
	@test -f $@ || { echo "$@ is missing after npm ci: is axe-core in package.json?"; exit 1; }

# Debian's chromium package. Never `playwright install`: it downloads a browser from outside the package
# registries. As root on Debian or Ubuntu this installs it; anyone else is told the command to run.
chromium:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else \
	  echo "The browser tests need Chromium at $(CHROMIUM). Install it with:"; \
	  echo "  sudo apt-get update && sudo apt-get install -y chromium"; \
	  exit 1; \
	fi

# Debian's PostgreSQL server, for the second test run (TEST_DATABASE=postgresql): tests/postgres_server.py runs
# initdb and a throwaway server of its own in a temporary folder (as the postgres user when we are root). The
# Debian cluster service is not needed and never started. As root on Debian or Ubuntu this installs the package;
# anyone else is told the command to run.
postgres:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's postgresql for the PostgreSQL test run"; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql; \
	else \
	  echo "The PostgreSQL test run needs Debian's PostgreSQL server (/usr/lib/postgresql/*/bin/initdb). Install it with:"; \
	  echo "  sudo apt-get update && sudo apt-get install -y postgresql"; \
	  exit 1; \
	fi

# Debian's Redis server, for the tests of rate-limit counters in Redis (REDIS_URL): tests/redis_server.py starts a
# throwaway one on a free port and keeps nothing on disk; the Debian service is not needed. As root on Debian or
# Ubuntu this installs the package; anyone else is told the command to run.
redis:
	@if command -v redis-server >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's redis-server for the Redis rate-limit tests"; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server; \
	else \
	  echo "The Redis rate-limit tests need Debian's redis-server. Install it with:"; \
	  echo "  sudo apt-get update && sudo apt-get install -y redis-server"; \
	  exit 1; \
	fi

static/dist/.built: node_modules/.installed scripts/build-assets.mjs $(shell find static/src -type f 2>/dev/null)
	node scripts/build-assets.mjs
	touch $@

# The PDF shortlist's fonts: fpdf2 embeds TrueType, so the Noto WOFF2 files from npm are converted once by
# directory/pdf_fonts.py into static/dist/fonts/pdf/. The asset build empties static/dist, so they follow it.
static/dist/fonts/pdf/.built: static/dist/.built $(VENV)/.installed directory/pdf_fonts.py
	$(BIN)/python -m directory.pdf_fonts
	touch $@

assets: static/dist/.built

translations: $(VENV)/.installed
	$(FLASK) translate compile >/dev/null

run: setup
	$(FLASK) db upgrade
	$(FLASK) taxonomy-load
	$(FLASK) geo import directory/data/postcode_districts.csv
	$(FLASK) demo load --if-empty
	$(FLASK) search reindex
	$(FLASK) run --host 127.0.0.1 --port 5000

# Several worker processes, for a reverse proxy to put on the web (README, "Deployment"): `make run`'s set-up
# without the demo area (DEMO=1 loads it into an empty database), then gunicorn (portal/gunicorn_conf.py:
# WEB_WORKERS, default 2; WEB_BIND, default 127.0.0.1:8000) and beside it the one process that writes the Whoosh
# index (`flask search index-worker`; with PostgreSQL's search it has nothing to do and stops at once).
.PHONY: serve-prod
serve-prod: setup
	$(FLASK) db upgrade
	$(FLASK) taxonomy-load
	$(FLASK) geo import directory/data/postcode_districts.csv
	@if [ -n "$(DEMO)" ]; then echo "$(FLASK) demo load --if-empty"; $(FLASK) demo load --if-empty; fi
	$(FLASK) search reindex
	@$(FLASK) search index-worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/gunicorn -c portal/gunicorn_conf.py

# The whole suite twice: on SQLite, then on a throwaway PostgreSQL server (tests/conftest.py).
test: setup chromium postgres redis $(AXE)
	$(BIN)/bandit -c pyproject.toml -r portal directory feedback -q
	$(BIN)/pytest
	TEST_DATABASE=postgresql $(BIN)/pytest

bench: setup
	$(BIN)/python benchmarks/bench_search.py

# Load measurements (issues #8 and #9): gunicorn with 2 workers under locust, in throwaway instances; see the
# docstrings of benchmarks/bench_scale.py and benchmarks/soak.py. Quicker: BENCH_SIZES=3000,30000 BENCH_SECONDS=20
# make bench-scale; SOAK_SECONDS=60 make soak.
.PHONY: bench-scale soak
bench-scale: setup postgres
	$(BIN)/python benchmarks/bench_scale.py

soak: setup
	$(BIN)/python benchmarks/soak.py
