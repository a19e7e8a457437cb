# werkboek — `make` installs into .venv and builds the bundled workbook; `make test` tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: all build test lint pytest fuzz bench contact-sheet clean check-system docs readme dist print-colors

all: build

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory check-system
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

check-system:
	@$(PYTHON) scripts/check_system.py

# Rebuild the bundled book only when something it is made from changed.
SOURCES := workbook.yaml $(shell find workbook templates examples -type f -not -path '*/__pycache__/*' 2>/dev/null)

build: dist/.built

dist/.built: $(STAMP) $(SOURCES)
	$(BIN)/workbook build .
	@touch $@

# Outside checkers for the tests (Ace by DAISY, axe-core), pinned in tools/package-lock.json.
# Without npm the tests that need them skip, naming npm.
TOOLS := tools/node_modules/.installed
# The tests run in this many processes (pytest-xdist), a test file per process at a time.
TEST_PROCESSES ?= 2
$(TOOLS): tools/package.json tools/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tools --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm ontbreekt: de tests met Ace en axe worden overgeslagen" >&2; fi

test: $(STAMP) $(TOOLS)
	@$(PYTHON) scripts/check_system.py --test
	@scripts/ensure_chromium.sh
	$(BIN)/ruff check workbook tests scripts
	$(BIN)/ruff format --check workbook tests scripts
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest -q -n $(TEST_PROCESSES) --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check workbook tests scripts
	$(BIN)/ruff format --check workbook tests scripts
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q tests/security -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

contact-sheet: build
	$(BIN)/python scripts/contact_sheet.py dist/werkboek-ondermijning.pdf docs/voorbeeldpaginas.png

clean:
	rm -rf dist .pytest_cache .mypy_cache .ruff_cache

# The tool on its own: sdist and wheel (with the default design) in dist/. A small venv of
# its own holds only `build` (about 27 MB with pip; not the development tools); `build`
# makes the wheel in an isolated environment with the backend of pyproject.toml (hatchling).
BUILD_VENV := .venv-build
$(BUILD_VENV)/.installed:
	@test -x $(BUILD_VENV)/bin/python || $(PYTHON) -m venv $(BUILD_VENV)
	$(BUILD_VENV)/bin/python -m pip install --quiet --disable-pip-version-check 'build>=1.0'
	@touch $@

dist: $(BUILD_VENV)/.installed
	$(BUILD_VENV)/bin/python -m build --outdir dist .

readme: $(STAMP)
	$(BIN)/python scripts/gen_readme.py

docs: $(STAMP)
	$(BIN)/python scripts/gen_docs.py

# The CMYK profile of the print edition (needs argyll and icc-profiles-free) and the palette
# computed from it; see templates/color/README.md.
print-colors: $(STAMP)
	scripts/make_icc_profile.sh
	$(BIN)/python scripts/gen_print_palette.py
