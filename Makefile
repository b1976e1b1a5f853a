# Maillage — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.lock | cut -c1-16)

.PHONY: install demo test test-fast lint format check backup restore-check clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# The stamp's name carries the lock file's hash: a new lock means a new stamp, whatever the
# files' dates (a fresh clone or worktree has new dates but nothing to install).
$(STAMP): | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

var/local.env:
	$(PYTHON) -c "import secrets, pathlib; pathlib.Path('var/local.env').write_text('# Local development values, written once by make install; never commit.\nSECRET_KEY=' + secrets.token_urlsafe(50) + '\nFIELD_ENCRYPTION_KEY=' + secrets.token_urlsafe(32) + '\nPSEUDONYMISATION_KEY=' + secrets.token_urlsafe(32) + '\nSECURE_SSL_REDIRECT=0\nSECURE_HSTS_SECONDS=0\nALLOWED_HOSTS=127.0.0.1,localhost\n')"

## install: creates .venv and installs the pinned packages (idempotent)
install: $(STAMP) var/local.env

# The demo runs as production does (DEBUG off, static files from WhiteNoise), on plain HTTP on
# the loopback: cookies without the Secure flag so that every browser keeps them.
DEMO_ENV := DEBUG=0 SECURE_COOKIES=0 SECURE_SSL_REDIRECT=0 MAILLAGE_ALLOW_SEED=1 MAILLAGE_DEMO=1

## demo: installs, migrates the SQLite default, seeds a fictional territory and serves it
demo: install
	$(DEMO_ENV) $(PY) manage.py migrate --no-input --verbosity 0
	$(DEMO_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0
	$(DEMO_ENV) $(PY) manage.py seed_demo --scale demo
	@echo ""
	@echo "Maillage (démonstration) : http://127.0.0.1:8000 — arrêt : Ctrl+C"
	@echo "Code de double authentification du moment : MAILLAGE_ALLOW_SEED=1 $(PY) manage.py demo_code ADRESSE"
	$(DEMO_ENV) $(PY) manage.py runserver --noreload 127.0.0.1:8000

## test: the whole suite, browser tests included (PostgreSQL: DATABASE_URL=postgres://… make test)
test: install
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## backup / restore-check: PostgreSQL only, see README "Sauvegardes"
backup: install
	$(PY) manage.py backup

restore-check: install
	$(PY) manage.py restore_check $(RESTORE_CHECK_ARGS)

clean:
	rm -rf $(VENV) var/*.sqlite3
