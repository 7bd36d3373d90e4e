# Wissensbasis Social Media: every task is one `make` target.
# `make serve` and `make test` set up everything they need on a fresh machine.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
DIR    ?= docs
TOP    ?= 5
RELATED_LANG ?= de
# `make bench`: German articles in the generated corpus, and timed rounds per variant.
# CORPUS=mdn builds the German MDN from ../shared instead (no warm-up build: the import
# has just written every file), under the shared bench lock
# (do not wrap it in another flock on the same file: it would wait for itself).
ARTICLES ?= 1000
ROUNDS   ?= 3
CORPUS   ?= generated
BENCH_LOCK ?= /tmp/kb-bench.lock
# The tools of `make new` / `make translations` need only PyYAML: the venv's
# Python once it exists, else the system one.
PYTHON_RUN = $(if $(wildcard $(BIN)/python),$(BIN)/python,$(PYTHON))
# Material 9.8 prints a banner about MkDocs 2 on every run; it is no warning of ours.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test system-deps audit audit-deps screenshots clean help related bench-related new translations bench bench-serve import

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.dev-installed: requirements-dev.txt $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# --dirty: hooks/incremental.py re-renders only the pages an edit changed (the same
# site as a full build, tests/test_incremental.py).
serve: $(BIN)/.installed ## Set up and serve the site on http://127.0.0.1:8000 with live reload (another port: PORT=8001)
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:$(PORT) --livereload

# The build to publish: it needs the public address (KB_SITE_URL), else every
# page would link to mkdocs.yml's local preview address. It builds into a new
# folder and replaces site/ only when the build succeeded: a failed build
# (an error, a full disk) leaves the previous site as it was.
build: $(BIN)/.installed ## Strict build to publish into site/ (KB_SITE_URL=https://… make build)
	@test -n "$$KB_SITE_URL" || { echo 'make build: set KB_SITE_URL to the address the site is published at, e.g. KB_SITE_URL=https://example.org/ make build (for this machine: KB_SITE_URL=http://127.0.0.1:8000/ make build, or make serve)' >&2; exit 2; }
	rm -rf site.new
	$(BIN)/mkdocs build --strict --site-dir site.new
	rm -rf site.old
	if [ -e site ]; then mv site site.old; fi
	mv site.new site
	rm -rf site.old

new: ## Start an article: make new TITLE="Titel" [TOPIC=Autohandel] (German + English stub)
	@test -n "$(TITLE)" || { echo 'usage: make new TITLE="Titel des Beitrags" [TOPIC=Autohandel]' >&2; exit 2; }
	PYTHONPATH=hooks $(PYTHON_RUN) -m kb.new_article --title "$(TITLE)" --topic "$(TOPIC)"

import: ## Import a folder of Markdown files as articles: make import SRC=DIR TOPIC=Thema [DEST=artikel/…]
	@test -n "$(SRC)" -a -n "$(TOPIC)" || { echo 'usage: make import SRC=DIR TOPIC=Thema [DEST=artikel/ordner]' >&2; exit 2; }
	PYTHONPATH=hooks $(PYTHON_RUN) -m kb.import_cli "$(SRC)" --topic "$(TOPIC)" --dest "$(or $(DEST),artikel)"

translations: ## Record translation hashes (new translations; CONFIRM=docs/artikel/x.en.md after updating one)
	PYTHONPATH=hooks $(PYTHON_RUN) -m kb.translations_cli --docs docs $(if $(CONFIRM),--confirm $(CONFIRM))

system-deps: ## Install Debian's chromium (browser tests) and Node.js/npm (Lighthouse) where missing
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="chromium"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi

# Lighthouse from npm, pinned in tests/audit/package(-lock).json, on Debian's chromium.
AUDIT_DIR  := tests/audit
AUDIT_PORT ?= 8765
AUDIT_SITE ?= .audit-site
export CHROME_PATH ?= /usr/bin/chromium

$(AUDIT_DIR)/node_modules/.installed: $(AUDIT_DIR)/package.json $(AUDIT_DIR)/package-lock.json
	cd $(AUDIT_DIR) && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

audit-deps: system-deps $(AUDIT_DIR)/node_modules/.installed ## Install the pinned Lighthouse (npm ci into tests/audit/)

audit: $(BIN)/.installed system-deps audit-deps ## Lighthouse on home, topic and article page (de+en); fails under 100 a11y/best practices/SEO, 95 performance
	rm -rf $(AUDIT_SITE)
	KB_SITE_URL=http://127.0.0.1:$(AUDIT_PORT)/ $(BIN)/mkdocs build --strict --site-dir $(AUDIT_SITE)
	$(BIN)/python scripts/lighthouse.py $(AUDIT_SITE) --port $(AUDIT_PORT)

screenshots: $(BIN)/.dev-installed system-deps ## Refresh the README screenshots in .github/screenshots/
	$(BIN)/python scripts/screenshots.py --out .github/screenshots

test: $(BIN)/.dev-installed system-deps audit-deps ## Set up and run every test
	$(BIN)/python -m pytest

related: $(BIN)/.installed ## Related articles of a Markdown folder as JSON on stdout: make related DIR=docs [TOP=5] [RELATED_LANG=en] > out.json
	@PYTHONPATH=hooks $(BIN)/python -m kb.related_cli $(DIR) --top $(TOP) --lang $(RELATED_LANG)

bench-related: $(BIN)/.installed ## Related articles on the German MDN corpus (../shared): P@5, MRR@5, wall, peak memory
	flock $(BENCH_LOCK) $(BIN)/python -m scripts.bench.related_quality --runs $(or $(RUNS),3)

bench: $(BIN)/.dev-installed system-deps ## Benchmark plain Material vs. ours on ARTICLES generated articles (CORPUS=mdn: the German MDN)
ifeq ($(CORPUS),mdn)
	flock $(BENCH_LOCK) $(BIN)/python -m scripts.bench.run --corpus mdn --rounds $(ROUNDS) --warmup 0
else
	$(BIN)/python -m scripts.bench.run --articles $(ARTICLES) --rounds $(ROUNDS)
endif

bench-serve: $(BIN)/.installed ## Preview: edit -> visible under mkdocs serve (body, title, new, delete), ours vs. plain Material, median of 5
	flock $(BENCH_LOCK) $(BIN)/python -m scripts.bench.serve_edit --articles $(ARTICLES) --repeats $(or $(REPEATS),5)

clean: ## Remove build output and caches (keeps .venv)
	rm -rf site site.new site.old .audit-site .pytest_cache bench-out
