# Peelian: `make up` runs the platform, `make test` runs every test. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

UV_VERSION := 0.13.8
export UV_PYTHON_DOWNLOADS := never
export PEELIAN_S3_ACCESS_KEY ?= peelian
export PEELIAN_S3_SECRET_KEY ?= dev-only-minio-secret
INFRA := deploy/native/infra.sh
SERVICES := deploy/native/services.sh
WITH_INFRA := deploy/native/with-infra.sh
# The dashboard (docs/dashboard.md): npm's download cache lives outside the checkout, like uv's.
NPM_CACHE := $(HOME)/.cache/peelian/npm
NODE_MODULES := dashboard/node_modules/.package-lock.json
DASHBOARD_SOURCES := $(shell find dashboard/src dashboard/public -type f 2>/dev/null) \
	$(addprefix dashboard/,package.json package-lock.json index.html vite.config.ts tsconfig.json)
# apt-get needs root: sudo only when make does not run as root already (CI containers do).
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: help deps dashboard up down logs test lint format bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

deps: $(NODE_MODULES) ## install uv, the locked Python and npm dependencies (cached outside the checkout), Debian's chromium
	@command -v uv >/dev/null || python3 -m pip install --quiet "uv==$(UV_VERSION)"
	@uv sync --frozen --all-packages --quiet
	@[[ -x /usr/bin/chromium ]] || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

# npm ci starts node_modules afresh: only when it is missing or older than the lock file.
$(NODE_MODULES): dashboard/package-lock.json
	@command -v npm >/dev/null || { echo "the dashboard needs Node.js 20 or later, with npm" >&2; exit 1; }
	@cd dashboard && npm ci --cache "$(NPM_CACHE)" --no-audit --no-fund --loglevel=error
	@touch $@

dashboard: dashboard/dist/index.html ## build the dashboard into dashboard/dist (only when its sources changed)

dashboard/dist/index.html: $(DASHBOARD_SOURCES) $(NODE_MODULES)
	@cd dashboard && npm run --silent build

up: deps dashboard ## start the infrastructure and every service, seed, print where to go
	@$(INFRA) start
	@$(SERVICES) provision
	@$(SERVICES) migrate
	@$(SERVICES) start
	@$(SERVICES) seed
	@$(SERVICES) status
	@echo
	@echo "Peelian is up."
	@echo "  API (the gateway):  http://127.0.0.1:8000"
	@echo "  API docs:           http://127.0.0.1:8000/docs"
	@echo "  Dashboard:          http://127.0.0.1:8000/dashboard/"
	@echo "  logs: make logs     stop: make down"

down: ## stop every service and the infrastructure
	@$(SERVICES) stop
	@$(INFRA) stop

logs: ## follow every log of the run directory
	@tail -n 20 -F .run/log/*.log

test: lint dashboard ## lint, build the dashboard, start what the tests need, run every test, stop what it started
	@$(WITH_INFRA) -- bash -c '$(SERVICES) provision && uv run --frozen pytest $(PYTEST_ARGS)'

lint: deps ## ruff (lint and format check) and mypy
	@uv run --frozen ruff check .
	@uv run --frozen ruff format --check .
	@uv run --frozen mypy shared/src gateway/src services/*/src

format: deps ## apply ruff's fixes and formatting
	@uv run --frozen ruff check --fix .
	@uv run --frozen ruff format .

bench: deps ## run the benchmarks, print a table, append it to bench/RESULTS.md
	@deploy/native/bench-tools.sh
	@$(WITH_INFRA) -- bash -c '$(SERVICES) provision && uv run --frozen python -m bench $(BENCH_ARGS)'

clean: down ## stop everything and remove the run directory (downloads stay cached)
	@rm -rf .run
