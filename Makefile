# mixmig — the two commands: `make demo` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export MIXMIG_DATA_DIR ?= $(CURDIR)/data

.PHONY: demo test test-sqlite test-postgres lint bench browser-deps messages clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required (python3.11 not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/mixmig migrate --no-input
	$(BIN)/mixmig compilemessages_mixmig
	$(BIN)/mixmig demo
	@echo "Serving on http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(BIN)/mixmig runserver 127.0.0.1:8000 --noreload

test: $(STAMP)
	$(BIN)/mixmig compilemessages_mixmig
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider tests; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

test-postgres: $(STAMP)
	$(BIN)/mixmig compilemessages_mixmig
	MIXMIG_DATABASE_URL=$${MIXMIG_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/mixmig} \
	  $(BIN)/python -m pytest -n 2 -p no:cacheprovider -m "not browser" tests; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy src/mixmig/engines src/mixmig/apps/*/services.py

bench: $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,bench]'
	$(BIN)/python -m bench

browser-deps:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

clean:
	rm -rf $(VENV) data .pytest_cache
