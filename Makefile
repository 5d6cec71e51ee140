# DREAD — the two commands are `make up` and `make test`; the rest are helpers.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: help setup up up-detached down status test test-unit test-integration test-images lint fmt bench iac lock admin clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

setup: ## install everything the platform needs (idempotent)
	@bash scripts/setup.sh

up: setup ## start the whole platform at http://localhost:8080 (Ctrl-C stops it)
	@$(PY) -m devstack up

up-detached: setup ## start the platform in the background
	@$(PY) -m devstack up --detach

down: ## stop a running platform
	@$(PY) -m devstack down

status: ## processes, health and memory of the running platform
	@$(PY) -m devstack status

test: ## install what the tests need, then run every test suite (not the benchmarks)
	@WITH_BROWSER=1 bash scripts/setup.sh
	@bash scripts/test.sh

test-images: setup ## build every image, run the compose stack and smoke-test it (podman)
	@bash scripts/test-images.sh

test-unit: setup ## unit tests of the kit and every service (moto)
	@$(PY) -m pytest libs/service-kit/tests *-service/tests -q

test-integration: setup ## integration tests against a private local stack
	@$(PY) -m pytest tests/integration -q

lint: setup ## ruff, Biome and tsc for the JS, plus the workflow (actionlint, zizmor), compose, Dockerfile, shell and CloudFormation linters
	@$(PY) -m ruff check .
	@$(PY) -m ruff format --check .
	@$(VENV)/bin/actionlint -shellcheck $(VENV)/bin/shellcheck .github/workflows/*.yml
	@$(VENV)/bin/check-jsonschema -q --builtin-schema vendor.github-workflows .github/workflows/*.yml
	@$(VENV)/bin/zizmor --offline --quiet .github/
	@$(VENV)/bin/check-jsonschema -q --builtin-schema vendor.compose-spec docker-compose.yml
	@DREAD_REGISTRY=r DREAD_IMAGE_TAG=t AWS_REGION=r $(VENV)/bin/check-jsonschema -q \
		--builtin-schema vendor.compose-spec ci-cd/deploy/docker-compose.prod.yml
	@$(VENV)/bin/hadolint */Dockerfile ci-cd/docker/*.Dockerfile
	@$(VENV)/bin/shellcheck scripts/*.sh ci-cd/deploy/*.sh ci-cd/images/*.sh .ci/run
	@$(VENV)/bin/cfn-lint ci-cd/cloudformation/dread.json
	@node_modules/.bin/biome ci --colors=off .
	@node_modules/.bin/tsc -p frontend/jsconfig.json
	@echo "lint: all clean"

fmt: setup ## format the code
	@$(PY) -m ruff format .
	@$(PY) -m ruff check --fix .
	@node_modules/.bin/biome check --write .

bench: setup ## run the benchmarks (figures with ratios to an in-run baseline)
	@$(PY) -m bench $(BENCH)

admin: setup ## create or promote an admin on the running local stack: make admin EMAIL=you@example.org
	@test -n "$(EMAIL)" || { echo "usage: make admin EMAIL=you@example.org" >&2; exit 2; }
	@DYNAMODB_ENDPOINT=http://127.0.0.1:$${DYNAMODB_PORT:-8000} AWS_REGION=us-east-1 \
		AWS_ACCESS_KEY_ID=$$(cat $${DREAD_HOME:-.dread}/secrets/s3-access-key-id) \
		AWS_SECRET_ACCESS_KEY=$$(cat $${DREAD_HOME:-.dread}/secrets/s3-secret-access-key) \
		DREAD_CURSOR_SECRET=$$(cat $${DREAD_HOME:-.dread}/secrets/cursor-secret) \
		$(PY) -m auth_service.cli create-admin "$(EMAIL)"

iac: setup ## regenerate the CloudFormation template and the container NGINX configs
	@$(PY) -m devstack.iac > ci-cd/cloudformation/dread.json
	@$(PY) -m devstack.nginx compose > ci-cd/nginx/nginx.compose.conf
	@$(PY) -m devstack.nginx aws > ci-cd/nginx/nginx.aws.conf

.PHONY: pages
pages: setup ## render frontend/*.html from frontend/templates/ (commit the result)
	@$(PY) -m devstack.pages

lock: setup ## re-lock the images' Python requirements (with hashes) from the pyprojects
	@$(PY) ci-cd/images/lock.py

clean: ## remove local data, logs and installed packages
	rm -rf .dread $(VENV) node_modules
