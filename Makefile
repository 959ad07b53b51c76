# The two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails follow the address `make run` serves on (make run PORT=8101 links to 8101).
SITE_URL ?= http://$(HOST):$(PORT)
export HOST PORT SITE_URL
APT_INSTALL := apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends

.PHONY: run test install services gettext browser fonts pdftools messages lint format migrations-check python-check

# The lock (requirements/*.txt) is for Python 3.11 (requires-python in pyproject.toml says
# why). Checks the virtualenv's Python when it exists, else $(PYTHON), and says how to pick
# another interpreter instead of failing later with a wheel or syntax error.
PYTHON_VERSION := 3.11
python-check:
	@py="$(PYTHON)"; [ -x $(BIN)/python ] && py="$(BIN)/python"; \
	found=$$($$py -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || found="not installed"; \
	if [ "$$found" != "$(PYTHON_VERSION)" ]; then \
		echo "This project needs Python $(PYTHON_VERSION), but $$py is $$found."; \
		if [ "$$py" = "$(BIN)/python" ]; then \
			echo "The virtualenv $(VENV) was made with another Python: remove it (rm -rf $(VENV)) and run make again."; \
		else \
			echo "Install Python $(PYTHON_VERSION) and name it with PYTHON=, for example: make run PYTHON=python$(PYTHON_VERSION)"; \
		fi; \
		exit 1; \
	fi

$(BIN)/python: | python-check
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=24"

# Installs exactly the locked versions (hashes checked); re-runs only when the lock changes.
$(VENV)/.installed: requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/python bin/remove_remote_asset_templates.py
	touch $@

install: $(VENV)/.installed

# PostgreSQL and Redis must answer; says so in one sentence (with the fix) when they do not.
services: install
	@$(BIN)/python bin/check_services.py

# gettext compiles the translation catalogues; installed from Debian's packages when missing.
gettext:
	@command -v msgfmt >/dev/null 2>&1 || { \
		echo "Installing gettext from Debian's packages to compile the translations..."; \
		$(APT_INSTALL) gettext >/dev/null; }

# Chromium from Debian's packages, for the browser tests (Playwright cannot download one here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Chromium from Debian's packages for the browser tests..."; \
		$(APT_INSTALL) chromium >/dev/null; }

# Noto fonts for the PDF letters, certificates and badges (every script: Latin, Cyrillic, Greek,
# Arabic, Hebrew, CJK, Devanagari, Ethiopic), from Debian's packages when missing.
fonts:
	@{ fc-list 2>/dev/null | grep -q NotoSansEthiopic && fc-list | grep -q NotoSansCJK; } || { \
		echo "Installing the Noto fonts from Debian's packages for the PDF letters..."; \
		$(APT_INSTALL) fonts-noto-core fonts-noto-cjk fontconfig >/dev/null; }

# pdftotext and pdftoppm (poppler-utils): the tests read the PDFs' text back and picture them.
pdftools:
	@command -v pdftotext >/dev/null 2>&1 || { \
		echo "Installing poppler-utils from Debian's packages for the PDF tests..."; \
		$(APT_INSTALL) poppler-utils >/dev/null; }

messages: install gettext
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

run: python-check services fonts
	$(BIN)/python manage.py migrate --noinput -v 0
	$(MAKE) --no-print-directory messages
	$(BIN)/python manage.py collectstatic --noinput -v 0
	$(BIN)/python manage.py load_demo_data
	$(BIN)/python manage.py ensure_superuser
	@echo ""
	@echo "  The portal is starting at $(SITE_URL)/  (admin: $(SITE_URL)/en/admin/)"
	@echo "  Web server, Celery worker and Celery beat run together (a worker or beat that exits is"
	@echo "  restarted, the others keep running); Ctrl-C stops all three."
	@echo ""
	$(BIN)/honcho start

# Python files git knows of (tracked, or new and not ignored), for django-upgrade.
PY_FILES := git ls-files -z --cached --others --exclude-standard '*.py'
# Folders holding templates, for djLint (it lints the .html files under them).
TEMPLATE_DIRS := templates iomcso partners consultations observers

# Checks only: each exits non-zero on a finding and changes no file. `make format` fixes
# what ruff and django-upgrade can; djLint and mypy findings are fixed by hand.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY_FILES) | xargs -0 $(BIN)/django-upgrade --target-version 5.2 --check
	$(BIN)/djlint --lint $(TEMPLATE_DIRS)
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install
	$(PY_FILES) | xargs -0 $(BIN)/django-upgrade --target-version 5.2 --exit-zero-even-if-changed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	DJANGO_SETTINGS_MODULE=iomcso.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

# PYTEST_ARGS narrows the run, e.g. make test PYTEST_ARGS="tests/core/test_healthz.py -x".
test: python-check install browser fonts pdftools
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory services
	$(MAKE) --no-print-directory messages
	$(MAKE) --no-print-directory migrations-check
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -n 2 --dist loadfile --durations=15 $(PYTEST_ARGS)
