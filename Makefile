# LawBridge developer commands. Needs only Python 3.11+, make and git.
# The virtualenv is made from the distribution's own Python when it is 3.11 or newer and can make
# one (Debian's links the interpreter statically): the suite's Python work runs 10-20 % faster on
# it than on a build with a shared libpython, such as pyenv's default (docs/performance.md).
# Otherwise the first python3 on the PATH; `make PYTHON=...` picks another.
SYSTEM_PYTHON := $(shell /usr/bin/python3 -c 'import sys, ensurepip, venv; print(sys.version_info >= (3, 11))' 2>/dev/null)
PYTHON ?= $(if $(filter True,$(SYSTEM_PYTHON)),/usr/bin/python3,python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
# Two workers: the suite is mostly database and browser waits, and the machine has two cores.
# Work stealing: a worker that runs out takes tests queued for the other, instead of idling
# while a queue of long browser walks drains behind it (minutes, on some runs).
PYTEST_ARGS ?= -n 2 --dist worksteal
PORT ?= 8000
# The address links built outside a request use (e-mails, the API); load_demo gives the site the same.
WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
export HOST PORT WAGTAILADMIN_BASE_URL
# The optional plugins, read from the one list of them (lawbridge/settings/base.py) when a recipe
# needs them.
PLUGINS = $(shell $(PY) -c 'from lawbridge.settings.base import LAWBRIDGE_OPTIONAL_PLUGINS as p; print(*p)')

.PHONY: help install install-dev run demo migrate test test-fast lint format messages bench clean

help:
	@echo "make run    - install, migrate SQLite, load demo content, serve on http://$(HOST):$(PORT)"
	@echo "make test   - install test tools and run the whole suite (DATABASE_URL picks the database)"
	@echo "make test-fast - the suite without browser and slow subprocess tests"
	@echo "make lint   - ruff check, ruff format --check, makemigrations --check"
	@echo "make bench  - run the benchmarks in bench/"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

# axe-core for the accessibility walk (tests/browser/test_accessibility.py); needs npm.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent && touch $@; fi

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput -v 0

demo: migrate
	$(PY) manage.py load_demo --address $(HOST):$(PORT)

run: demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# Bytecode is written for the suite even where the environment says not to (git ignores it):
# without it every xdist worker compiles and assertion-rewrites each test module again, 10-12 s
# of CPU per worker and run, and every subprocess scenario recompiles the project.
TEST_ENV = PYTHONDONTWRITEBYTECODE=

# pytest exits 5 when it collected nothing; that is not a failure of the code under test.
test: install-dev node_modules/axe-core/axe.min.js
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS); status=$$?; if [ $$status -eq 5 ]; then exit 0; fi; exit $$status

# The suite without the browser walks (and without the other slow subprocess tests).
test-fast: install-dev
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS) -m "not browser and not slow"; status=$$?; if [ $$status -eq 5 ]; then exit 0; fi; exit $$status

TEMPLATES = $(shell find . -path ./.venv -prune -o -path ./node_modules -prune -o -path '*/templates/*' -name '*.html' -print)

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/djhtml --check $(TEMPLATES)
	DJANGO_SETTINGS_MODULE=lawbridge.settings.test $(PY) manage.py makemigrations --check --dry-run

format: install-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .
	$(VENV)/bin/djhtml $(TEMPLATES)

# UI strings: refresh the English catalogue (fill in msgstr by hand), then derive zh-hant from
# the simplified msgids with OpenCC. Each plugin of this repository keeps its own catalogues in
# <plugin>/locale/ (a new plugin gets the folder here); the project's hold the rest.
messages: install-dev
	$(if $(strip $(PLUGINS)),,$(error cannot read LAWBRIDGE_OPTIONAL_PLUGINS from lawbridge/settings/base.py))
	$(PY) manage.py makemessages -l en --no-obsolete --add-location file --ignore=$(VENV) --ignore=node_modules --ignore=tests \
		$(foreach app,$(PLUGINS),--ignore=$(app))
	for app in $(PLUGINS); do [ -f $$app/apps.py ] || continue; mkdir -p $$app/locale; (cd $$app && ../$(PY) ../manage.py makemessages -l en --no-obsolete --add-location file) || exit 1; done
	$(PY) manage.py compilemessages --ignore=$(VENV)
	$(PY) manage.py make_hant_messages

bench: install-dev
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
