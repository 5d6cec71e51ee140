#!/usr/bin/env bash
# Runs every test suite but the benchmarks, in two streams side by side:
#   1. the unit suites (moto, in-process), then the browser suites on a private stack of their own;
#   2. the other suites against a private local stack (integration, fuzz, reliability).
# The stack suites mostly wait on real servers, so one after the other they left a core idle
# most of the time; each stream's stack has its own ports and data folder.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
PY=${VENV:-.venv}/bin/python
mkdir -p test-artifacts
common=(-q -p no:cacheprovider --durations=15)
test_base=${DREAD_TEST_PORT_BASE:-21000}

(
  "$PY" -m pytest libs/service-kit/tests ./*-service/tests tests/unit "${common[@]}" \
    --junitxml=test-artifacts/junit-unit.xml "$@" >test-artifacts/unit.log 2>&1
  unit=$?
  # 3000 above the other stream's base: clear of its stacks (+0, +250, +1000) and of crash tests
  DREAD_TEST_PORT_BASE=$((test_base + 3000)) "$PY" -m pytest tests/e2e "${common[@]}" \
    --junitxml=test-artifacts/junit-e2e.xml "$@" >test-artifacts/e2e.log 2>&1
  e2e=$?
  [ "$unit" -ne 0 ] && exit "$unit"
  exit "$e2e"
) &
background_pid=$!
# the stack suites get the terminal: their fault tests are the slow, telling part
"$PY" -m pytest tests --ignore=tests/unit --ignore=tests/e2e "${common[@]}" \
  --junitxml=test-artifacts/junit.xml "$@"
stack_status=$?
wait "$background_pid"
background_status=$?

for part in unit e2e; do
  echo
  echo "=== ${part} suites — full log: test-artifacts/${part}.log ==="
  grep -v -E '^[.sxXF]+ *\[ *[0-9]+%\]$' "test-artifacts/${part}.log"
done
echo "unit and browser suites: exit ${background_status}; stack suites: exit ${stack_status}"
# pytest's own codes (1 failed, 2 interrupted, 5 nothing collected) pass through
[ "$stack_status" -ne 0 ] && exit "$stack_status"
exit "$background_status"
