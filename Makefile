# Two entry points: `make generate` (install, then regenerate generated/ from specs/) and
# `make test` (install, then run every test). Both work on a machine with only Python 3.11,
# make, git and node/npm.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# openapi-core checks the wire format in the tests; it gets a venv of its own because it needs
# an older openapi-spec-validator than the generator pins.
ORACLE := .venv-oracle
ORACLE_STAMP := $(ORACLE)/.installed

.PHONY: install oracle generate check test lint typecheck golden bench clean

$(STAMP): pyproject.toml generated/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m pip install --quiet -e generated
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

$(ORACLE_STAMP): tests/oracle-requirements.txt
	$(PYTHON) -m venv $(ORACLE)
	$(ORACLE)/bin/python -m pip install --quiet --upgrade pip
	$(ORACLE)/bin/python -m pip install --quiet -r tests/oracle-requirements.txt
	touch $(ORACLE_STAMP)

install: $(STAMP)

oracle: $(ORACLE_STAMP)

generate: $(STAMP)
	$(PY) -m generator generate

check: $(STAMP)
	$(PY) -m generator check

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: $(STAMP)
	$(PY) -m mypy generator

test: $(STAMP) $(NODE_STAMP) $(ORACLE_STAMP)
	$(PY) -m generator check
	$(MAKE) --no-print-directory lint typecheck
	$(PY) -m pytest -n 2 --dist loadgroup

# Rewrite the golden trees and IR snapshots (tests/golden/) and the CLI error snapshots
# (tests/golden/__snapshots__/) after a deliberate change; review them with `git diff`.
golden: $(STAMP)
	$(PY) -m tests.golden._golden
	$(PY) -m pytest -n 0 -q tests/golden/test_bad_specs.py --snapshot-update

bench: $(STAMP) $(NODE_STAMP)
	$(PY) benchmarks/regeneration.py
	$(PY) benchmarks/runtime_throughput.py
	$(PY) benchmarks/github_scale.py
	$(PY) benchmarks/incremental.py

clean:
	rm -rf $(VENV) $(ORACLE) node_modules .pytest_cache .mypy_cache .ruff_cache
