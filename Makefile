# Bru's two everyday commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FLASK_APP := app

.PHONY: run test install catalogs system-packages lint format screenshots bench

# The virtual environment, rebuilt when the dependencies change.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,prod]'
	touch $@

# Compiled catalogs (.mo) are build products: made here, never committed.
catalogs: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d translations >/dev/null

install: $(VENV)/.installed catalogs

# Debian packages the test suite needs: chromium for the browser tests.
system-packages:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask demo --if-empty
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: install system-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/flask content check
	$(BIN)/pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/mypy

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Debian's optipng recompresses the screenshots losslessly.
screenshots: install system-packages
	@command -v optipng >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq optipng >/dev/null; }
	$(BIN)/python scripts/screenshots.py

# Load test on PostgreSQL with the large demo data; writes docs/benchmarks.md.
bench: install
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/run.py
