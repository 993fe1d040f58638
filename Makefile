# The two commands of the README: `make run` (set up and run the site) and `make test`
# (set up and run every test). The other targets are steps they share.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# TORCH=cpu (opt-in): torch and torchvision, the versions pinned in requirements.txt, from
# PyTorch's CPU-only wheel index instead of PyPI, whose Linux wheels bring CUDA libraries a
# CPU site never uses (the README says what each choice costs). The other packages come from
# pip's usual index; later `make` runs keep the CPU builds (torch==X is satisfied by X+cpu).
TORCH ?=
TORCH_CPU_INDEX := https://download.pytorch.org/whl/cpu
STAMP := $(VENV)/.installed$(if $(filter cpu,$(TORCH)),-cpu)
# The Django suite runs a second time on this PostgreSQL server (its test database is created
# and dropped by the tests). `make test TEST_POSTGRES_URL=` leaves that run out, saying so.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/digitsite
NPM_STAMP := frontend/node_modules/.installed

.PHONY: run test setup frontend lint migrate-check api-contract pytest pytest-system pytest-postgres frontend-test e2e system-packages cluster load-faults mnist pen-digits clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
ifeq ($(TORCH),cpu)
	@$(PY) -c "import urllib.request; urllib.request.urlopen('$(TORCH_CPU_INDEX)/torch/', timeout=20)" 2>/dev/null || { \
		echo "TORCH=cpu: $(TORCH_CPU_INDEX) cannot be reached from this machine: torch was not installed."; \
		echo "Run 'make setup' without TORCH=cpu for PyPI's torch (with its CUDA libraries), or name a mirror of that index: make setup TORCH=cpu TORCH_CPU_INDEX=<url>"; \
		exit 1; }
	$(PY) -m pip install --quiet --extra-index-url $(TORCH_CPU_INDEX) \
		$$(sed -nE 's/^(torch|torchvision)==([^ ]+).*/\1==\2+cpu/p' requirements.txt)
else ifneq ($(TORCH),)
	@echo "TORCH=$(TORCH): the only choice is TORCH=cpu (or leave it out for PyPI's wheels)"; exit 1
endif
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

$(NPM_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $(NPM_STAMP)

setup: $(STAMP)

frontend: $(NPM_STAMP)
	cd frontend && npm run build

# Builds the drawing page when Node.js is there; the API and admin work without it.
run: setup mnist pen-digits
	@if command -v npm >/dev/null; then $(MAKE) frontend; else echo "npm not found: serving the API and admin only"; fi
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@# The task worker (retraining jobs) runs beside the web server and stops with it.
	$(PY) manage.py db_worker & worker=$$!; trap "kill $$worker" EXIT INT TERM; \
		$(PY) manage.py runserver $${PORT:-8000}

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

migrate-check: setup
	$(PY) manage.py makemigrations --check --dry-run

# openapi.yaml and the frontend's types are generated; both must match the code.
api-contract: setup $(NPM_STAMP)
	$(PY) manage.py spectacular --validate --fail-on-warn --file /tmp/digitsite-openapi.yaml
	diff -u openapi.yaml /tmp/digitsite-openapi.yaml
	cd frontend && npx openapi-typescript ../openapi.yaml -o /tmp/digitsite-api-types.ts >/dev/null
	diff -u frontend/src/lib/api-types.ts /tmp/digitsite-api-types.ts

# MNIST: copied from ../shared/mnist when it is there (CI, offline machines); otherwise
# torchvision downloads it on first use.
mnist:
	@if [ -d ../shared/mnist ] && [ ! -f data/MNIST/raw/t10k-images-idx3-ubyte.gz ]; then \
		mkdir -p data/MNIST/raw && cp ../shared/mnist/*.gz data/MNIST/raw/; fi

# The UCI pen digits (30 writers, UNIPEN): from ../shared/pen-digits when it is there; on other
# machines the README says where to put the file. Training and the pen tests need it.
pen-digits:
	@if [ -f ../shared/pen-digits/pendigits-orig.tra ] && [ ! -f data/pen-digits/pendigits-orig.tra ]; then \
		mkdir -p data/pen-digits && cp ../shared/pen-digits/pendigits-orig.tra data/pen-digits/; fi

# The fast tier (units and in-process integration with the real model and SQLite): the daily loop.
pytest: setup mnist pen-digits frontend
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) -m pytest

# The tiers the daily loop leaves out: tests that start servers, workers and other processes
# (marker `system`) or train and evaluate on whole test sets (marker `slow`).
pytest-system: setup mnist pen-digits frontend
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) -m pytest -m "system or slow"

# Every tier of the Django tests again on PostgreSQL (ml/tests never touch a database).
pytest-postgres: setup mnist pen-digits frontend
	@if [ -z "$(TEST_POSTGRES_URL)" ]; then echo "NOT RUN: the PostgreSQL test run (TEST_POSTGRES_URL is empty)"; \
	else DATABASE_URL=$(TEST_POSTGRES_URL) $(PY) -m pytest recognizer/tests -m ""; fi

frontend-test: $(NPM_STAMP)
	cd frontend && npm run typecheck && npm test

# Debian's Chromium for the browser tests (Playwright never downloads a browser here), a Chinese
# font so the zh screenshots show text rather than boxes, and Debian's nginx for the cluster
# check; installed only when missing (needs root).
system-packages:
	@missing=""; command -v chromium >/dev/null || missing="chromium"; \
	PATH="$$PATH:/usr/sbin" command -v nginx >/dev/null || missing="$$missing nginx"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || missing="$$missing fonts-wqy-microhei"; \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

e2e: setup mnist pen-digits frontend system-packages
	cd frontend && npx playwright test

# nginx, two gunicorn instances, PostgreSQL, Redis and a task worker on this machine; see
# checks/cluster.py for what it checks.
cluster: setup mnist pen-digits frontend system-packages
	PATH="$$PATH:/usr/sbin" $(PY) -m checks.cluster

# 32 clients for 30 s, then a worker killed with SIGKILL and every database connection
# terminated under load; see checks/load_and_faults.py for what it checks.
load-faults: setup
	$(PY) -m checks.load_and_faults

test: lint migrate-check api-contract pytest pytest-system pytest-postgres frontend-test e2e cluster load-faults

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache frontend/node_modules frontend/dist test-output
