# The two entry points named in README.md: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench examples clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

## Install, then choose the 2026 table of the example region.
demo: $(STAMP)
	mkdir -p out
	$(BIN)/tafelselectie select data/regio-voorbeeld.xlsx --criteria data/criteria-2026.toml \
		--json out/tafel-2026.json --csv out/tafel-2026.csv
	@echo "JSON: out/tafel-2026.json  CSV: out/tafel-2026.csv"

## Install, then run every check: ruff, mypy and the whole test suite.
test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks.selection

examples: $(STAMP)
	$(BIN)/python -m tafelselectie.generate --examples data

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache .hypothesis
