# Two commands do all set-up on a fresh Debian machine:
#   make site   builds the sample site into site/
#   make test   installs what the tests need and runs the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site serve check test lint golden screenshots bench system-test-deps clean

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c "import venv, ensurepip" 2>/dev/null || \
	  { $(SUDO) apt-get update && $(SUDO) apt-get install -y python3-venv python3-pip; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	$(BIN)/python -m compileall -q generator  # an editable install is not compiled: 0.5 s of every build otherwise
	touch $@

site: $(BIN)/.installed
	$(BIN)/duban build
	@echo "预览 / preview: make serve  (or $(BIN)/mkdocs serve), then open http://127.0.0.1:8000/"

serve: $(BIN)/.installed
	$(BIN)/duban serve

check: $(BIN)/.installed
	$(BIN)/duban check

# Debian's Chromium (driven by Playwright, never `playwright install`), a CJK font, Debian's nginx
# (serves the built sites to the browser tests with the headers portals are given), LibreOffice Calc
# and Writer without a GUI (the workbook round trip re-saves exported workbooks as an office suite
# does; the Word bulletin is rendered to PDF), poppler-utils (reads the PDFs), Java (runs the Nu HTML
# checker) and Node with npm (Lighthouse, vnu-jar and axe-core, pinned in package-lock.json).
system-test-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/sbin/nginx ] || [ ! -x /usr/bin/soffice ] || \
	    [ ! -e /usr/lib/libreoffice/program/libswlo.so ] || [ ! -x /usr/bin/pdftotext ] || ! command -v java >/dev/null || \
	    ! command -v npm >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y chromium fonts-noto-cjk \
	    nginx-light libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils \
	    $$(command -v java >/dev/null || echo default-jre-headless) $$(command -v npm >/dev/null || echo nodejs npm); \
	fi

# The Node tools the suite runs, exactly as package-lock.json pins them (`npm ci`; no install scripts).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

test: $(BIN)/.installed system-test-deps node_modules/.installed
	$(BIN)/python -m pytest

# Rewrite the golden files (tests/golden/) after an intended change to what the site publishes.
golden: $(BIN)/.installed
	$(BIN)/python tests/golden.py

# Remake the editors' guide's screenshots (docs/images/editors-guide/): a workbook filled and imported
# on a copy of the sample, rendered by LibreOffice, and the resulting column photographed by Chromium.
screenshots: $(BIN)/.installed system-test-deps
	$(BIN)/python tests/screenshots.py
# The performance benchmark (docs/performance.md); not part of `make test`. BENCH_SIZES limits it.
BENCH_SIZES ?= 35,1000,5000,10000
bench: $(BIN)/.installed
	$(BIN)/duban bench --sizes $(BENCH_SIZES)

lint: $(BIN)/.installed
	$(BIN)/pip install -q ruff mypy types-PyYAML
	$(BIN)/ruff check generator tests
	$(BIN)/mypy generator

clean:
	rm -rf $(VENV) site .pytest_cache node_modules test-artifacts
