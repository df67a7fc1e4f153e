# The README's commands: `make run`, `make test` (the fast tier) and `make test-all` (every
# test; what .ci/run calls). Everything else is set-up.
#
# Dependencies come from the hash-locked files in requirements/ (made from pyproject.toml by
# `make lock`): runtime.txt for `make run` (SQLite), postgres.txt adds asyncpg, demo.txt adds
# the demo's web server, dev.txt is all of them plus the test tools. Each venv stamp depends
# on its lock file, so a changed lock reinstalls on the next make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# `make run DEPS=postgres` for a PostgreSQL DATABASE_URL.
DEPS ?= runtime
PIP := $(BIN)/python -m pip --quiet
LOCK_VENV ?= .venv-lock
PIP_TOOLS ?= pip-tools==7.5.2
COMPILE = $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links --no-emit-trusted-host --no-header \
	--resolver=backtracking pyproject.toml

.PHONY: run test test-all lint bench migrate demo lock clean image-test messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Locked dependencies first (every file hash-checked), then the project itself without deps,
# built by the locked setuptools of requirements/build.txt (no unpinned build isolation).
$(VENV)/.installed-%: requirements/%.txt requirements/build.txt pyproject.toml | $(BIN)/python
	$(PIP) install --require-hashes --no-deps -r $< -r requirements/build.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $@

run: $(VENV)/.installed-$(DEPS)
	$(BIN)/coachbot run

migrate: $(VENV)/.installed-$(DEPS)
	$(BIN)/coachbot migrate

# The real bot against a stand-in Telegram in the browser: no token, no network.
demo: $(VENV)/.installed-demo
	$(BIN)/python -m tools.demo

# The translation catalogs: extract the texts from the source, update every language's
# catalog (i18n/locales/), then say what each still misses (docs/translating.md).
messages: $(VENV)/.installed-dev
	$(BIN)/python -m tools.messages
	-$(BIN)/python -m tools.messages --check

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/mypy

# The fast tier: everything not marked `slow` (end to end over HTTP, crash and kill tests,
# the browser, benches at tiny size, long state machines), on one worker per core
# (pytest-xdist). `make test-all` runs in one process, as CI does: the crash, kill and
# multi-instance tests keep the whole machine to themselves.
test: lint
	$(BIN)/python -m pytest -m "not slow" -n auto

test-all: lint
	$(BIN)/python -m pytest

# The Docker image built and started here with podman: offline, on a stand-in base made once
# by debootstrap, against this machine's PostgreSQL and a fake Bot API
# (tests/deploy/test_image.py; as root, installs Debian's podman and debootstrap if missing).
image-test: $(VENV)/.installed-dev
	@command -v podman >/dev/null && command -v debootstrap >/dev/null || \
		{ test "$$(id -u)" = 0 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends podman runc debootstrap >/dev/null; } || \
		echo "image-test: podman or debootstrap missing and not installable; the test skips"
	$(BIN)/python -m pytest -s -rs tests/deploy/test_image.py

# Every benchmark at a modest size; each prints a table and writes bench/results/NAME.json
# (full sizes: docs/performance.md); bench.report then writes that page's tables from them.
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.dispatch --due 1000 5000 --profile
	$(BIN)/python -m bench.scale --users 1000 10000 100000
	$(BIN)/python -m bench.cap --due 600
	$(BIN)/python -m bench.conversation --runners 50 --rounds 4
	$(BIN)/python -m bench.progress --runners 300
	$(BIN)/python -m bench.plan_machine --examples 100 --steps 60
	$(BIN)/python -m bench.coach_machine --examples 30 --weeks 24
	$(BIN)/python -m bench.statements
	$(BIN)/python -m bench.corpus
	$(BIN)/python -m bench.report

# Regenerate every lock file from pyproject.toml (needs PyPI; run after changing dependencies).
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_VENV) && \
		$(LOCK_VENV)/bin/python -m pip install --quiet '$(PIP_TOOLS)'; }
	mkdir -p requirements
	$(COMPILE) --output-file requirements/runtime.txt
	$(COMPILE) --extra postgres --output-file requirements/postgres.txt
	$(COMPILE) --extra demo --output-file requirements/demo.txt
	$(COMPILE) --extra dev --extra postgres --extra demo --extra redis --output-file requirements/dev.txt
	$(COMPILE) --all-build-deps --only-build-deps --output-file requirements/build.txt

clean:
	rm -rf $(VENV) $(LOCK_VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
