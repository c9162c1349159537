# Tsunagu: `make run` serves the demo on SQLite; `make test` runs lint and the suite.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
DATABASE_URL_TEST ?= postgres://postgres@127.0.0.1:5432/tsunagu_test
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: run test lint format test-postgres e2e bench loadtest eval model messages install install-test clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Re-install whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install -e ".[test]"
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed
	$(BIN)/tsunagu compile_catalogues

install-test: $(VENV)/.installed-test
	$(BIN)/tsunagu compile_catalogues

run: install
	$(BIN)/tsunagu migrate --no-input
	$(BIN)/tsunagu load_sample_data
	$(BIN)/tsunagu runserver 127.0.0.1:$(PORT)

lint: install-test
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format: install-test
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

test: lint
	$(BIN)/tsunagu makemigrations --check --dry-run
	$(BIN)/pytest -m "not e2e and not bench" $(PYTEST_ARGS)

test-postgres: install-test
	DATABASE_URL=$(DATABASE_URL_TEST) $(BIN)/pytest -m "not e2e and not bench" --create-db $(PYTEST_ARGS)

e2e: install-test
	$(BIN)/pytest -m e2e tests/e2e $(PYTEST_ARGS)

bench: install-test
	$(BIN)/pytest -m bench tests/bench -p no:randomly $(PYTEST_ARGS)

# gunicorn + PostgreSQL (50,000 services) + Redis, driven by wrk (installed from Debian's
# packages when missing); LOADTEST_ARGS=--no-cache ranks afresh on every request.
loadtest: install-test
	@command -v wrk >/dev/null 2>&1 || apt-get install -y -qq wrk >/dev/null \
	  || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python tests/bench/load_navigator.py $(LOADTEST_ARGS)

# The navigator's free-text analysis on a labelled set (EVAL_SET=other.jsonl to use another).
EVAL_SET ?= data/navigator/labelled_texts.jsonl
eval: install-test
	$(BIN)/tsunagu evaluate_navigator $(EVAL_SET)
	$(BIN)/tsunagu evaluate_navigator --unseen

# Train the navigator's crisis model again after data/navigator changes (NAV-15); commit
# data/navigator/crisis_model.json with the sentences.
model: install-test
	$(BIN)/tsunagu train_crisis_model

# Needs GNU gettext (xgettext) on the developer's machine; the compiled catalogues are
# built from the .po files by `tsunagu compile_catalogues`, which needs nothing extra.
# Each app keeps its own catalogue: run makemessages inside every app that has a locale/ folder.
messages: install
	for app in src/tsunagu/*/locale; do \
	  (cd $$(dirname $$app) && $(CURDIR)/$(BIN)/tsunagu makemessages -l ja_Easy -l en --no-obsolete --no-location) || exit 1; \
	done
	$(BIN)/tsunagu compile_catalogues

clean:
	rm -rf $(VENV) var
