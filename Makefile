# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INDEX ?= index
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install dev lint bench clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,fast]'
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.installed-dev

# Build an index over the demo corpus, search it once, then serve the site.
run: install
	$(BIN)/vnsearch index --index $(INDEX) demo; test $$? -le 1
	$(BIN)/vnsearch stats --index $(INDEX)
	$(BIN)/vnsearch search --index $(INDEX) --limit 3 "cong an ha noi"
	$(BIN)/vnsearch serve --index $(INDEX) --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads one).
browser:
	@[ -x /usr/bin/chromium ] || { [ "$$(id -u)" = 0 ] && apt-get update -q && apt-get install -y -q chromium; } \
	  || echo "No Chromium: the browser tests will be skipped (apt-get install chromium)."

test: dev lint browser
	$(BIN)/python -m pytest

lint: dev
	$(BIN)/ruff check search tests benchmarks
	$(BIN)/ruff format --check search tests benchmarks

# Issue 7's figures, both engines and SQLite FTS5 side by side -> benchmarks/results.md.
# The whole VNTC corpus (../shared/corpora); a quick run: make bench BENCH_ARGS="--docs 2000".
bench: dev
	$(BIN)/python -m benchmarks bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(INDEX) build *.egg-info
