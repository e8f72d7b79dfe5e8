# Two set-up commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
# The browser tests (tests/browser) drive Debian's Chromium through Playwright.
CHROMIUM := /usr/bin/chromium
AXE := node_modules/axe-core/axe.min.js

.PHONY: run test bench setup assets translations clean-instance chromium

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

test: setup chromium $(AXE)
	$(BIN)/bandit -c pyproject.toml -r portal directory feedback -q
	$(BIN)/pytest

bench: setup
	$(BIN)/python benchmarks/bench_search.py
