# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INDEX ?= index
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install dev lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.installed-dev

# Build an index over the demo corpus and search it.
run: install
	$(BIN)/vnsearch index --index $(INDEX) demo; test $$? -le 1
	$(BIN)/vnsearch stats --index $(INDEX)
	$(BIN)/vnsearch search --index $(INDEX) "cong an ha noi"

test: dev lint
	$(BIN)/python -m pytest

lint: dev
	$(BIN)/ruff check search tests benchmarks
	$(BIN)/ruff format --check search tests benchmarks

bench: install
	$(BIN)/python benchmarks/bench_segment.py

clean:
	rm -rf $(VENV) $(INDEX) build *.egg-info
