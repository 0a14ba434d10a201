# The two entry points named in README.md: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest docs package browser bench examples schemas clean

CHROMIUM ?= /usr/bin/chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

## Install, then choose the 2026 table of the example region and write its report.
demo: $(STAMP)
	mkdir -p out
	$(BIN)/tafelselectie select data/regio-voorbeeld.xlsx --criteria data/criteria-2026.toml \
		--json out/tafel-2026.json --csv out/tafel-2026.csv
	$(BIN)/tafelselectie report data/regio-voorbeeld.xlsx --criteria data/criteria-2026.toml \
		--out out/rapport-2026.html --xlsx out/rapport-2026.xlsx
	@echo "JSON: out/tafel-2026.json  CSV: out/tafel-2026.csv  Rapport: out/rapport-2026.html"

## Install, then run every check: ruff, the import contracts, mypy, the whole test suite, the
## documentation site (strict) and the package as a user installs it.
test: $(STAMP) lint typecheck browser pytest docs package

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools docs
	$(BIN)/ruff format --check src tests benchmarks tools docs
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	TAFELSELECTIE_REQUIRE_BROWSER=1 $(BIN)/python -m pytest

## The documentation site (docs/, mkdocs.yml) into out/site; a warning fails the build. Its
## examples run as doctests in the test suite (tests/test_docs.py).
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

## Build the sdist and wheel, check them, install the wheel into a new venv and run select,
## report and workflow export-public outside the checkout (tools/check_package.py).
package: $(STAMP)
	$(BIN)/python tools/check_package.py

## The report is opened in a real browser by the tests: Debian's Chromium package.
browser:
	@test -x $(CHROMIUM) || { \
		echo "Installing Chromium (Debian package) for the report's browser test"; \
		SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@$(CHROMIUM) --version

bench: $(STAMP)
	$(BIN)/python -m benchmarks.selection

examples: $(STAMP)
	$(BIN)/python -m tafelselectie.io.generate --examples data

## The JSON Schemas of the input formats, from their models (a test compares them).
schemas: $(STAMP)
	$(BIN)/python -m tafelselectie.cli.schemas schemas

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache .hypothesis
