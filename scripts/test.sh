#!/usr/bin/env bash
# Runs every test suite but the benchmarks, in two halves side by side: the unit suites (moto,
# in-process, CPU-bound) and the suites against a private local stack on their own ports and
# data folder (integration, browser, fuzz, reliability), which mostly wait on real servers.
# Run one after the other they left a core idle most of the time (38 min on two cores).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
PY=${VENV:-.venv}/bin/python
mkdir -p test-artifacts
common=(-q -p no:cacheprovider --durations=15)

"$PY" -m pytest libs/service-kit/tests ./*-service/tests tests/unit "${common[@]}" \
  --junitxml=test-artifacts/junit-unit.xml "$@" >test-artifacts/unit.log 2>&1 &
unit_pid=$!
# the stack half gets the terminal: its browser and fault tests are the slow, telling part
"$PY" -m pytest tests --ignore=tests/unit "${common[@]}" \
  --junitxml=test-artifacts/junit.xml "$@"
stack_status=$?
wait "$unit_pid"
unit_status=$?

echo
echo "=== unit suites (kit, services, tests/unit) — full log: test-artifacts/unit.log ==="
grep -v -E '^[.sxXF]+ *\[ *[0-9]+%\]$' test-artifacts/unit.log
echo "unit suites: exit ${unit_status}; stack suites: exit ${stack_status}"
# pytest's own codes (1 failed, 2 interrupted, 5 nothing collected) pass through
[ "$stack_status" -ne 0 ] && exit "$stack_status"
exit "$unit_status"
