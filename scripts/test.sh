#!/usr/bin/env bash
# Runs every test suite but the benchmarks: unit (moto), then integration and browser tests
# against a private local stack on their own ports and data folder.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${VENV:-.venv}/bin/python
mkdir -p test-artifacts
"$PY" -m pytest libs/service-kit/tests ./*-service/tests tests \
  -q -p no:cacheprovider --junitxml=test-artifacts/junit.xml "$@"
