# maillage — the two commands: `make run` and `make test`.
SHELL := /bin/bash
# uv from PATH, else installed from PyPI with pip and run as a module (works without PATH changes).
ifeq ($(origin UV), undefined)
UV := $(shell command -v uv 2>/dev/null || (python3 -m pip install --quiet uv >/dev/null 2>&1; echo python3 -m uv))
endif
PY := $(UV) run --frozen
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: install run serve test lint typecheck unit test-postgres bench chromium demo clean

install:
	$(UV) sync --frozen

# Install, migrate, load open data, build the demo, index, serve on 127.0.0.1:8000.
run: install
	$(PY) maillage migrate --noinput
	# Without the official files (../shared/data or MAILLAGE_OPENDATA_DIR), a bundled sample of communes.
	$(PY) maillage opendata load || $(PY) maillage opendata load-sample
	$(PY) maillage demo
	# Six months of matchmaking replayed through the services (idempotent).
	$(PY) maillage demo history
	$(PY) maillage demo samples
	$(PY) maillage training demo-needs
	$(PY) maillage index rebuild
	# The job worker (outbox, follow-ups, feeds, digests) runs beside the web server; Ctrl-C stops both.
	trap 'kill 0' EXIT; $(PY) maillage run_huey >"$${MAILLAGE_HOME:-var}/huey.log" 2>&1 & \
	  $(PY) maillage serve 127.0.0.1:8000

serve:
	$(PY) maillage serve 127.0.0.1:8000

chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

lint:
	$(PY) ruff format --check .
	$(PY) ruff check .

typecheck:
	$(PY) mypy config maillage maillage_core
	$(PY) lint-imports

migrations-check:
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) python manage.py makemigrations --check --dry-run

unit:
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) pytest -q -p no:cacheprovider $(PYTEST_ARGS)

test: install chromium lint typecheck migrations-check unit

# The same suite against the local PostgreSQL (CI runs this too).
test-postgres: install chromium
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(MAKE) unit

bench: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) python -m bench $(BENCH_ARGS)

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
