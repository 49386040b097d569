# Two commands on a fresh clone: `make run` and `make test`. Each sets itself up.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test setup setup-dev vendor lint bench clean

# Reinstall only when pyproject.toml changes, so a second `make run` is quick.
$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

# Chart.js comes from the npm registry (pinned in package.json / package-lock.json), never from a CDN;
# it is copied into static/vendor/ (gitignored) before collectstatic. Re-run only when package.json changes.
VENDOR := static/vendor
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(VENDOR)/chart.umd.js: node_modules/.installed
	@mkdir -p $(VENDOR)
	cp node_modules/chart.js/dist/chart.umd.js node_modules/chart.js/dist/chart.umd.js.map $(VENDOR)/

vendor: $(VENDOR)/chart.umd.js

setup: $(VENV)/.installed vendor
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0

setup-dev: $(VENV)/.installed-dev

run: setup
	$(PY) manage.py seed_demo
	@echo "门户地址: http://$(HOST)/   API 文档: http://$(HOST)/api/v1/docs/"
	$(PY) manage.py runserver $(HOST)

test: setup-dev vendor
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) -m pytest $(PYTEST_ARGS)

# Benchmarks of issue 6 (bench/README.md): `make bench` at the quick scale, `make bench SCALE=province`.
# Needs PostgreSQL and Redis on 127.0.0.1 and `wrk`; never part of `make test` or CI.
SCALE ?= quick
bench: setup-dev
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) -W ignore -m bench.run --scale $(SCALE) $(BENCH_ARGS)

lint: setup-dev
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules $(VENDOR)
