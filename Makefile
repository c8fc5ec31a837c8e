# One way in: `make run` serves the system, `make test` proves it.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-llm-local lint bench install migrate seed browser postgres clean lock

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/iepgen db upgrade

seed: migrate
	$(BIN)/iepgen seed-demo

## Serve API + web UI + embedded worker on http://127.0.0.1:8005 (SQLite, offline drafter).
run: seed
	$(BIN)/iepgen serve

## Debian's Chromium for the browser tests (never a downloaded browser build), and
## axe-core from the npm registry, pinned by tests/e2e/package-lock.json.
browser: tests/e2e/node_modules/.installed
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

tests/e2e/node_modules/.installed: tests/e2e/package.json tests/e2e/package-lock.json
	npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
	touch $@

## The local PostgreSQL the integration tests use.
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; echo "PostgreSQL did not start" >&2; exit 1

## The whole suite, on SQLite and PostgreSQL, one pytest-xdist worker per core. Each worker
## has its own migrated SQLite template and PostgreSQL database; a test file stays on one
## worker (--dist loadfile), so a module's live server and browser are started once.
test: install postgres browser
	$(BIN)/pytest -n auto --dist loadfile

## A real model: llama-cpp-python's server (built from PyPI once, CPU only, ~7 minutes, kept
## in $(VENV)/llama-server) with SmolLM2-135M-Instruct: `iepgen llm check` and a whole IEP
## job (about half an hour on two cores).
test-llm-local: install
	VENV=$(VENV) PYTHON=$(PYTHON) bash tests/local_model/run.sh

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

## Every benchmark in one run; writes bench-results/report.md and report.png.
## BENCH_ARGS="--only queue,api" runs a subset, "--quick" small sizes.
bench: install postgres
	$(BIN)/python -m bench $(BENCH_ARGS)

## Re-pin dependencies: requirements.lock (with test tools) and the image's runtime lock,
## each with the SHA-256 of every file, so an install refuses anything else (--require-hashes).
lock: install
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev -o requirements.lock --python-version 3.11 -q --generate-hashes
	$(BIN)/uv pip compile pyproject.toml -o requirements-runtime.lock --python-version 3.11 -q --generate-hashes

clean:
	rm -rf $(VENV) special_ed.db special_ed.db-wal special_ed.db-shm
