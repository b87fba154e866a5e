# Concord: `make run` for a local demo, `make test` for the whole suite. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
COUNTRY ?= az
PORT ?= 8000
DEMO_CASES ?= 40
DEV_ENV := var/dev.env
# Loads the demo keys into the environment of each command that needs them.
WITH_ENV := set -a && . ./$(DEV_ENV) && set +a &&

.PHONY: FORCE run test install install-test messages compilemessages vendor lint format check-messages clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e '.[postgres]'
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet --group dev
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Run every time: an older file gains the settings a newer version needs; existing keys are kept.
$(DEV_ENV): FORCE | $(VENV)/.installed
	@$(BIN)/python tools/dev_env.py $(DEV_ENV)

FORCE:

# Compiled catalogues are committed, so a machine without gettext still runs; with gettext they are rebuilt.
compilemessages: $(VENV)/.installed
	@if command -v msgfmt >/dev/null; then $(MANAGE) compilemessages --settings=config.settings_test -v0; fi

run: $(VENV)/.installed $(DEV_ENV) compilemessages
	$(WITH_ENV) $(MANAGE) migrate --no-input -v0
	$(WITH_ENV) $(MANAGE) collectstatic --no-input -v0
	$(WITH_ENV) $(MANAGE) load_country $(COUNTRY)
	$(WITH_ENV) $(MANAGE) seed_demo --country $(COUNTRY) --cases $(DEMO_CASES)
	@echo "Concord is starting on http://127.0.0.1:$(PORT)/ (demo mode; stop with Ctrl-C)"
	@# The periodic tick (reminders, escalations) and the task worker (exports) run beside the server and stop with it.
	$(WITH_ENV) { $(MANAGE) tick --loop 60 >/dev/null & tick=$$!; \
	$(MANAGE) db_worker --no-reload >/dev/null 2>&1 & worker=$$!; trap "kill $$tick $$worker" EXIT; \
	$(BIN)/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --log-level warning; }

test: $(VENV)/.installed-test compilemessages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy concord config
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy concord config

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract every string into the catalogues (then translate az, ru and sq before committing).
# Every language with a folder in locale/ (docs/languages.md: adding a language is adding its folder).
messages: $(VENV)/.installed
	$(MANAGE) makemessages --settings=config.settings_test $(addprefix -l ,$(notdir $(wildcard locale/*))) --no-obsolete --no-location --ignore='.venv/*' --ignore='node_modules/*' --ignore='static/*' --ignore='staticfiles/*' --ignore='var/*'
	$(MANAGE) compilemessages --settings=config.settings_test -v0

# Refresh the vendored front-end libraries from npm (build time only; the result is committed).
vendor:
	npm ci --no-audit --no-fund
	bash tools/vendor.sh

clean:
	rm -rf $(VENV) var staticfiles
