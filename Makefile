# One place for the project's tasks. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# pytest-xdist workers per run (one per core on the 2-core machines); 0 runs in one process.
TEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal

# axe-core checks the pages' accessibility in the browser tests; installed once, read
# from disk at test time (no network then).
AXE_VERSION := 4.11.0
AXE := var/node/node_modules/axe-core/axe.min.js

.PHONY: install system-deps browser-deps run demo test test-sqlite test-postgres test-future lint format bench bench-quick clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Debian packages the tests need: Chromium for browser tests, poppler for PDF checks,
# Node.js and npm to install axe-core.
system-deps:
	@bash scripts/system-deps.sh

browser-deps: $(AXE)

$(AXE):
	mkdir -p var/node
	npm install --silent --no-audit --no-fund --prefix var/node axe-core@$(AXE_VERSION)

# The reminder worker runs beside the server: the demo's reminder emails print here
# (console backend), at once rather than at their usual local hour.
run: install
	mkdir -p var
	$(BIN)/safetouch manage migrate --no-input -v 0
	$(BIN)/safetouch demo
	REMINDERS_FROM_HOUR=0 $(BIN)/safetouch worker --every 60 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	$(BIN)/safetouch serve

# ruff, then the layers and contracts of [tool.importlinter] in pyproject.toml.
lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

# One database after the other: side by side (make --jobs=2) was measured slower, the
# two runs' four workers fighting over two cores (docs/benchmarks.md, "The test suite").
test: install system-deps browser-deps lint test-sqlite test-postgres

# The whole suite, the database-independent tests (marked `dbless`) included.
test-sqlite: install
	mkdir -p var
	$(PYTEST)

# The whole suite with the clock a year ahead: no test may depend on today's date.
test-future: install
	mkdir -p var
	SAFETOUCH_TEST_CLOCK_AHEAD_DAYS=365 $(PYTEST)

# PostgreSQL runs every test that reaches the database; the `dbless` ones (the engine, the
# pure forecast...) already ran in test-sqlite. Outside CI a missing server is a skip;
# under CI a failure.
test-postgres: install
	@if $(BIN)/python scripts/pg_ready.py "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(PYTEST) -m "not dbless"; \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "PostgreSQL at $(PG_URL) is not reachable, and CI requires it"; exit 1; \
	else \
		echo "PostgreSQL at $(PG_URL) not reachable: skipped outside CI"; \
	fi

# Every benchmark (engine, forecast, service, scale); `make bench-quick` for short runs.
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-quick: install
	$(BIN)/python -m bench --quick

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
