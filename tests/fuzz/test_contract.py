"""Contract fuzzing: schemathesis against every service's OpenAPI document, through NGINX.

Every operation of every `/api/<area>/openapi.json` gets generated requests (valid ones with
the ids of real objects, and invalid ones), as a student and as an instructor, and each
response must pass: no 5xx, a documented status, the documented content type and schema.

Bounded and reproducible: `DREAD_FUZZ_EXAMPLES` valid and `DREAD_FUZZ_NEGATIVE` invalid
examples per operation and role, derandomized (a fixed seed), no shrinking. Every failure
is collected (not only the first) and the counts go to test-artifacts/fuzz-report.json.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation import GenerationMode

from tests.accounts import auth_call
from tests.conftest import AREAS

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
POSITIVE_EXAMPLES = int(os.environ.get("DREAD_FUZZ_EXAMPLES", "5"))
NEGATIVE_EXAMPLES = int(os.environ.get("DREAD_FUZZ_NEGATIVE", "3"))
SEED = 18
REPORT = Path("test-artifacts/fuzz-report.json")
FAILURES = Path("test-artifacts/fuzz-failures.txt")  # every distinct failure, full request
_totals: dict[str, Counter] = {}


def _settings(examples: int):
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: every failure is recorded
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )


def _operations(stack, area: str):
    # /api/auth is rate limited per client by NGINX: wait out a 429 like any client would
    document = auth_call(stack, "GET", f"/api/{area}/openapi.json").json()
    schema = schemathesis.openapi.from_dict(document)
    operations = [result.ok() for result in schema.get_all_operations()]
    # internal routes (service tokens) are documented for the services' own tests, but NGINX
    # never exposes them: through it they are 404 by design (tests/integration checks that)
    operations = [op for op in operations if not op.path.startswith("/internal/")]
    # deletions last, so the other operations still find the real objects
    return sorted(operations, key=lambda op: (op.method.upper() == "DELETE", op.label))


def _failures_of(error: Exception) -> list[Failure]:
    if isinstance(error, FailureGroup):
        return [f for f in error.exceptions if isinstance(f, Failure)]
    return [error] if isinstance(error, Failure) else []


class _Run:
    """Calls one operation with generated cases and collects every failed check."""

    def __init__(self, stack, actor, operation, counts: Counter, found: dict):
        self.stack, self.actor, self.operation = stack, actor, operation
        self.counts, self.found = counts, found

    def call(self, case) -> None:
        self.counts["cases"] += 1
        headers = {**(case.headers or {}), **self.actor.account.headers}
        try:
            response = case.call(base_url=self.stack.url, headers=headers, timeout=15)
        except (requests.exceptions.InvalidHeader, ValueError, UnicodeError):
            self.counts["unsendable"] += 1  # the client library refused to send it
            return
        self.counts["requests"] += 1
        self.counts[f"status {response.status_code // 100}xx"] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except (Failure, FailureGroup) as error:
            for failure in _failures_of(error):
                key = (self.operation.label, type(failure).__name__, response.status_code)
                self.counts["failures"] += 1
                if key not in self.found:
                    self.found[key] = (failure.title, case.as_curl_command(headers=headers))

    def run(self, mode: GenerationMode, examples: int, path_parameters=None) -> None:
        strategy = self.operation.as_strategy(mode, path_parameters=path_parameters)

        @seed(SEED)
        @_settings(examples)
        @given(case=strategy)
        def fuzz(case):
            self.call(case)

        try:
            fuzz()
        except Unsatisfiable:
            # e.g. no invalid request exists for an operation without parameters
            self.counts[f"unsatisfiable {mode.value}"] += 1


def _real_ids(operation, ids: dict[str, str]) -> dict[str, str] | None:
    names = [p.name for p in operation.path_parameters]
    if names and all(name in ids for name in names):
        return {name: ids[name] for name in names}
    return None


@pytest.mark.timeout(600)
@pytest.mark.parametrize("role", ["student", "instructor"])
@pytest.mark.parametrize("area", AREAS)
def test_every_operation_keeps_its_contract(stack, fuzz_actors, area, role):
    """0 server errors, 0 undocumented statuses, 0 schema or content-type violations."""
    actor = fuzz_actors[role]
    counts: Counter = Counter()
    found: dict = {}
    started = time.monotonic()
    for operation in _operations(stack, area):
        run = _Run(stack, actor, operation, counts, found)
        counts["operations"] += 1
        run.run(GenerationMode.POSITIVE, POSITIVE_EXAMPLES, _real_ids(operation, actor.ids))
        run.run(GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES)
    counts["seconds"] = round(time.monotonic() - started)
    counts["distinct failures"] = len(found)
    _totals[f"{area} as {role}"] = counts
    _write_report()
    lines = [
        f"{label}: {kind} (got {status}) {title}\n    {curl}"
        for (label, kind, status), (title, curl) in sorted(found.items())
    ]
    with FAILURES.open("a") as out:
        out.writelines(f"[{area} as {role}] {line}\n" for line in lines)
    lines = [line if len(line) < 600 else line[:600] + " …" for line in lines]
    assert not found, f"{len(found)} contract violations in {area} as {role}:\n" + "\n".join(lines)


def _write_report() -> None:
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps({k: dict(v) for k, v in _totals.items()}, indent=2) + "\n")
