# Two set-up commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal

.PHONY: run test bench setup assets translations clean-instance

setup: $(VENV)/.installed static/dist/.built translations

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node 20+) is needed: apt-get install nodejs npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/dist/.built: node_modules/.installed scripts/build-assets.mjs $(shell find static/src -type f 2>/dev/null)
	node scripts/build-assets.mjs
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

test: setup
	$(BIN)/pytest

bench: setup
	$(BIN)/python benchmarks/bench_search.py
