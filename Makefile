# Everything runs inside .venv, which is (re)built from requirements.lock whenever the lock or
# pyproject.toml is newer than it: a fresh clone needs only python3 and make.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
HOST ?= 127.0.0.1
PORT ?= 8000
# Material prints a banner about its successor on every build; it is not a warning about this site.
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve build test test-fast audit eval bench lint clean lock snippets translations new-translation new-letter-translation new-language remove-language check-translation

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(READY): requirements.lock pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --editable .
	touch $@

serve: $(READY) ## Serve the site with live reload on http://127.0.0.1:8000/ (HOST=, PORT=; ONLY=cs: Czech alone, at /)
	LETTERWISE_ONLY="$(ONLY)" $(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT) --livereload

build: $(READY) ## Build the site into site/ (strict: any warning fails)
	$(BIN)/mkdocs build --strict

# pytest-xdist: one worker per core, a module's tests on one worker (its fixtures computed once).
# The run builds the site once, in the first worker that needs it (see conftest.py); modules go
# to the workers in collection order, the long ones that need no site first (evaluation, hang
# guards), so that one worker builds while the other checks the corpus.
test: $(READY) ## Run every test but the whole-site audit (the site is built once per run)
	$(BIN)/pytest -n auto --dist loadscope --no-loadscope-reorder -m "not audit"

# Modules go to the workers in collection order, the long ones first (see conftest.py): xdist's
# default order (most tests first) left the corpus evaluation for last, on one worker.
test-fast: $(READY) ## Run the tests that need neither a site build nor a browser
	$(BIN)/pytest -n auto --dist loadscope --no-loadscope-reorder -m "not site and not browser and not audit"

audit: $(READY) ## axe-core and the requests of every page of every language, in Chromium
	$(BIN)/pytest -n auto --dist load -m audit

eval: $(READY) ## The checker on the evaluation corpus: precision and recall per rule and language (SHOW=1: the tuning part's wrong verdicts)
	$(BIN)/python tests/evaluate.py $(if $(SHOW),--show,)

bench: $(READY) ## Measure build, letters, scale and Lighthouse against vanilla Material; writes tests/bench/results.md
	cd tests/bench && npm install --no-audit --no-fund --silent
	$(BIN)/python tests/bench/run.py

snippets: $(READY) ## Regenerate snippets/generated/ from letters/ (every build does this when an input changed)
	$(BIN)/python -c "from pathlib import Path; from letters.site.examples import examples; from letters.site.snippets import write_snippets; write_snippets(Path('snippets/generated'), examples())"

translations: $(READY) ## Show every translation's state (original, translated, outdated, missing)
	$(BIN)/letters translations

new-translation: $(READY) ## Scaffold a page translation: make new-translation CODE=cs PAGE=guides/bad-news/index.md
	$(BIN)/letters new-page --lang "$(CODE)" "$(PAGE)"

new-letter-translation: $(READY) ## Scaffold a letter translation: make new-letter-translation CODE=cs LETTER=bad-news/billing-error
	$(BIN)/letters new-letter --lang "$(CODE)" "$(LETTER)"

new-language: $(READY) ## Scaffold every file of a new language: make new-language CODE=sk NAME=Slovenčina
	$(BIN)/letters new-language "$(CODE)" --name "$(NAME)"

remove-language: $(READY) ## Remove a language's files: make remove-language CODE=sk
	$(BIN)/letters remove-language "$(CODE)"

check-translation: $(READY) ## Every problem of one language's translation as file:line: make check-translation CODE=sk
	$(BIN)/letters check-translation "$(CODE)"

lint: $(READY) ## Lint and format-check the Python code
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lock: $(READY) ## Re-resolve requirements.lock from pyproject.toml (needs PyPI)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python $(BIN)/python -o requirements.lock

clean: ## Remove every generated file: the site, snippets/generated/, caches (keeps .venv and tests/bench/node_modules)
	rm -rf site snippets/generated .cache .pytest_cache .hypothesis .ruff_cache tests/artifacts build *.egg-info
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
