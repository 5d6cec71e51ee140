"""Auth costs: login throughput against the bare password hash, and token verification.

Login is dominated by Argon2id on purpose, so the ratio that matters is login/s over bare
verifications/s measured here (overhead beyond hashing). Token verification is measured as
an authenticated GET (verify + one GetItem) against the bench app's unauthenticated GET
(one GetItem), plus the verifier alone in process.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import jwt
import requests
from auth_service import passwords
from cryptography.hazmat.primitives import serialization
from service_kit.auth import JwksVerifier

from bench.common import print_table, private_stack, run_concurrently, summarize

THREADS = 8
LOGINS_PER_THREAD = 20
LOGIN_ROUNDS = 5  # bare hashes and logins alternate, so both see the same machine load
READS_PER_THREAD = 150
ACCOUNTS = THREADS  # one per thread: successful logins never trip the per-account backoff


def _session() -> requests.Session:
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=THREADS, pool_maxsize=THREADS)
    session.mount("http://", adapter)
    return session


def _accounts(stack, session) -> list[tuple[str, str]]:
    made = []
    for _ in range(ACCOUNTS):
        email, password = f"bench-{uuid.uuid4().hex[:10]}@example.com", uuid.uuid4().hex
        body = {"email": email, "password": password, "display_name": "Bench"}
        session.post(f"{stack.url}/api/auth/register", json=body, timeout=10).raise_for_status()
        made.append((email, password))
    return made


def _timed(operation, count: int) -> dict:
    latencies = []
    started = time.perf_counter()
    for i in range(count):
        begin = time.perf_counter()
        operation(i)
        latencies.append(time.perf_counter() - begin)
    return summarize(latencies, time.perf_counter() - started)


def _login_figures(stack, session, accounts) -> list[tuple[str, dict]]:
    stored = passwords.hash_password(accounts[0][1])

    def bare_verify(_i):
        assert passwords.verify_password(stored, accounts[0][1])

    def login(i):
        email, password = accounts[(i // LOGINS_PER_THREAD) % len(accounts)]
        response = session.post(
            f"{stack.url}/api/auth/login", json={"email": email, "password": password}, timeout=30
        )
        response.raise_for_status()

    bare_verify(0), login(0)  # warm up
    cases = {
        "Argon2id verify in process (bare hash)": bare_verify,
        "POST /api/auth/login via NGINX": login,
    }
    return list(_interleaved(cases, rounds=LOGIN_ROUNDS).items())


def _interleaved(cases: dict, *, rounds: int) -> dict[str, dict]:
    """Each case run concurrently in `rounds` short turns, alternating which goes first.

    The machine is shared: measured one after the other, the two sides of a ratio would see
    different loads. Turns of a few seconds each, in A B B A … order, share the drift out.
    """
    latencies: dict[str, list[float]] = {name: [] for name in cases}
    elapsed = dict.fromkeys(cases, 0.0)
    per_turn = max(1, LOGINS_PER_THREAD // rounds)
    names = list(cases)
    for turn in range(rounds):
        for name in names if turn % 2 == 0 else reversed(names):
            samples: list[float] = []
            started = time.perf_counter()
            run_concurrently(
                lambda i, op=cases[name], out=samples: _time_into(op, i, out),
                threads=THREADS,
                per_thread=per_turn,
            )
            elapsed[name] += time.perf_counter() - started
            latencies[name] += samples
    return {name: summarize(latencies[name], elapsed[name]) for name in cases}


def _time_into(operation, i: int, out: list[float]) -> None:
    begin = time.perf_counter()
    operation(i)
    out.append(time.perf_counter() - begin)  # list.append is atomic under the GIL


def _read_figures(stack, session, token) -> list[tuple[str, dict]]:
    auth = {"Authorization": f"Bearer {token}"}
    session.put(f"{stack.url}/api/bench/items/probe", json={"value": "x"}, timeout=10)

    def get(path, headers=None):
        def operation(_i):
            session.get(f"{stack.url}{path}", headers=headers, timeout=10).raise_for_status()

        operation(0)  # warm up (the profile service fetches the JWKS once here)
        return run_concurrently(operation, threads=THREADS, per_thread=READS_PER_THREAD)

    return [
        ("GET /api/profiles/healthz (no token, no store)", get("/api/profiles/healthz")),
        ("GET /api/bench/items/{id} (no token, 1 GetItem)", get("/api/bench/items/probe")),
        ("GET /api/profiles/me (JWKS token, 1 GetItem)", get("/api/profiles/me", auth)),
        ("GET /api/auth/me (token, 1-2 GetItems)", get("/api/auth/me", auth)),
    ]


def _verifier_figures(stack, token) -> list[tuple[str, dict]]:
    jwks = requests.get(f"{stack.url}/api/auth/.well-known/jwks.json", timeout=10).json()
    verifier = JwksVerifier(issuer="dread-auth", audience="dread", jwks=jwks)
    key_dir = Path(stack.home) / "secrets" / "signing-keys"
    kid = jwt.get_unverified_header(token)["kid"]
    private = serialization.load_pem_private_key((key_dir / f"{kid}.pem").read_bytes(), None)
    claims = jwt.decode(token, options={"verify_signature": False})
    return [
        (
            "JwksVerifier.verify in process, 1 thread",
            _timed(lambda _i: verifier.verify(token), 3000),
        ),
        (
            "EdDSA sign (jwt.encode) in process, 1 thread",
            _timed(lambda _i: jwt.encode(claims, private, "EdDSA", {"kid": kid}), 3000),
        ),
    ]


def main() -> None:
    """Run both comparisons on a private stack whose NGINX does not throttle the client."""
    with private_stack(DREAD_AUTH_RATE="100000r/s", DREAD_SEED="0", DREAD_BENCH_APP="1") as stack:
        session = _session()
        accounts = _accounts(stack, session)
        logins = _login_figures(stack, session, accounts)
        email, password = accounts[0]
        token = session.post(
            f"{stack.url}/api/auth/login", json={"email": email, "password": password}, timeout=10
        ).json()["access_token"]
        reads = _read_figures(stack, session, token)
        verifier = _verifier_figures(stack, token)
    print(f"{THREADS} client threads; services run 1 gunicorn worker x 8 threads on 2 cores")
    print_table("login vs bare Argon2id verify", logins, baseline=logins[0][0])
    print_table("authenticated reads vs unauthenticated", reads, baseline=reads[1][0])
    print_table("token work alone", verifier, baseline=verifier[0][0])
    extra_ms = reads[2][1]["p50_ms"] - reads[1][1]["p50_ms"]
    ratio = logins[1][1]["ops_per_s"] / logins[0][1]["ops_per_s"]
    print(
        f"\nlogins/s are {ratio:.2f} x bare verifications/s (the rest is overhead beyond hashing)"
        f"; token check + profile shaping adds ~{extra_ms:.2f} ms p50"
        f" per request; the verifier alone costs {verifier[0][1]['mean_ms'] * 1000:.0f} µs"
    )
