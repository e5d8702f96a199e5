# The two commands of the README: `make run` and `make test`.
# Each creates .venv on first use and installs the package into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,bench,dashboard,dask,docs]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

.PHONY: install run test lint check docs world
install: $(STAMP)

run: $(STAMP)
	$(BIN)/netpolitik run $(ARGS)

# One BLAS thread per test worker: two workers already use both cores. The browser tests
# need Debian's Chromium: scripts/ensure_chromium.sh installs it when it is missing.
test: $(STAMP) check docs
	bash scripts/ensure_chromium.sh
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(BIN)/python -m pytest -q -n 2 --doctest-modules src tests $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks examples

# Format, lint and types: `make test` runs these before pytest, so CI enforces them.
check: $(STAMP)
	$(BIN)/ruff format --check src tests scripts benchmarks examples
	$(BIN)/ruff check src tests scripts benchmarks examples
	$(BIN)/python -m mypy src

# The documentation site into site/ (mkdocs.yml): any warning fails it, and the examples of
# docs/examples/ run during the build. `make test` runs it, so CI builds the site strictly.
# Not --quiet: it drops the warnings that --strict counts.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true OPENBLAS_NUM_THREADS=1 \
		$(BIN)/mkdocs build --strict -d site

world: $(STAMP)
	$(BIN)/pip install -q -e '.[data]'
	$(BIN)/python scripts/build_world.py
