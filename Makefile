# Two commands set everything up on a fresh machine with Python 3.11+:
#   make scorecard   -- installs into .venv, writes the Kazakhstan scorecard (HTML and PDF,
#                       English and Russian) for the latest period into scorecards/
#   make test        -- installs into .venv, runs ruff, mypy and the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: scorecard test lint typecheck pytest bench clean i18n-extract i18n-update i18n-check a11y

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

scorecard: $(STAMP)
	$(BIN)/followup validate --quiet registries/kazakhstan
	$(BIN)/followup scorecard registries/kazakhstan --language en,ru --format html,pdf -o scorecards

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

test: lint typecheck pytest

# The accessibility check alone (docs/accessibility.md): axe-core at its pinned version,
# then every scorecard language at phone and desktop widths in headless Chromium.
a11y: $(STAMP)
	npm ci --prefix tests/a11y --no-audit --no-fund --loglevel=error
	$(BIN)/pytest -q tests/test_accessibility.py

# Translations (docs/translation.md): template from followup/i18n/messages.py, merged
# into every catalogue, then checked and compiled with statistics.
LOCALE := followup/i18n/locale

i18n-extract: $(STAMP)
	$(BIN)/python -m followup.i18n extract

i18n-update: i18n-extract
	$(BIN)/pybabel update -i $(LOCALE)/followup.pot -d $(LOCALE) -D followup

i18n-check: $(STAMP)
	$(BIN)/python -m followup.i18n check
	$(BIN)/pybabel compile -d $(LOCALE) -D followup --statistics
	find $(LOCALE) -name '*.mo' -delete

bench: $(STAMP)
	$(BIN)/python bench/load.py
	$(BIN)/python bench/score.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
