# Two commands on a fresh clone: `make run` and `make test`. Each sets itself up.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test setup setup-dev lint bench clean

# Reinstall only when pyproject.toml changes, so a second `make run` is quick.
$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0

setup-dev: $(VENV)/.installed-dev

run: setup
	$(PY) manage.py seed_demo
	@echo "门户地址: http://$(HOST)/   API 文档: http://$(HOST)/api/v1/docs/"
	$(PY) manage.py runserver $(HOST)

test: setup-dev
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
	rm -rf $(VENV) staticfiles .pytest_cache
