# A thin layer over `python -m scripts.<command>`; every target sets up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.txt | cut -c1-16)
SOURCES ?= ../shared/seeds
# Output style of validate, verify-quotes and diff, e.g. FORMAT=github in CI; empty means each default.
FORMAT_OPTION = $(if $(FORMAT),--format $(FORMAT))

.PHONY: setup validate verify-quotes site test test-fast lint serve bench browser clean diff new

setup: $(STAMP)

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check --quiet --requirement requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

validate: setup
	$(PY) -m scripts.check $(FORMAT_OPTION)

verify-quotes: setup
	$(PY) -m scripts.check --sources $(SOURCES) $(FORMAT_OPTION)

site: setup
	$(PY) -m scripts.build

serve: site
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

test: setup lint browser
	$(PY) -m pytest

# The inner loop: every test but those marked slow (site builds, browsers, whole commands), in under 30 s.
test-fast: setup
	$(PY) -m pytest -m "not slow"

# Lint, format and type checks (settings in pyproject.toml).
lint: setup
	$(PY) -m ruff check scripts tests
	$(PY) -m ruff format --check scripts tests
	$(PY) -m mypy

bench: setup
	$(PY) -m scripts.bench

# make diff BASE=<rev> [HEAD=<rev>]: what the working tree (or HEAD) changes in the fact base.
diff: setup
	$(PY) -m scripts.diff $(BASE) $(HEAD) $(FORMAT_OPTION)

# make new TYPE=<type> ID=<id>: a skeleton record that fails validation until every TODO is filled in.
new: setup
	$(PY) -m scripts.new $(TYPE) $(ID)

# Debian's chromium drives the browser tests; Playwright never downloads a browser of its own.
# poppler-utils' pdftotext and pdftoppm read back the fact sheets the print tests make.
browser:
	@{ command -v chromium && command -v pdftotext && command -v pdftoppm; } >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium poppler-utils >/dev/null; }

clean:
	rm -rf site docs/generated .cache
