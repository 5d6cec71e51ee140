#!/usr/bin/env bash
# Runs every test suite but the benchmarks: unit (moto), then integration and browser tests
# against a private local stack on their own ports and data folder.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${VENV:-.venv}/bin/python
mkdir -p test-artifacts
# tests/ holds the proof layers too: fuzz (contract), reliability (faults under load), and the
# access matrix in integration; --durations shows what each slow part took.
"$PY" -m pytest libs/service-kit/tests ./*-service/tests tests \
  -q -p no:cacheprovider --durations=20 --junitxml=test-artifacts/junit.xml "$@"
