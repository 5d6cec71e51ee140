"""Helpers for service test suites: signing keys, tokens, moto tables from tables.py."""

from __future__ import annotations

import json
import time
import uuid

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask.testing import FlaskClient
from jwt.algorithms import OKPAlgorithm

from .auth import ACCESS_TOKEN_TYPE
from .aws import forbid_scan
from .tables import ensure_tables


class TokenFactory:
    """An Ed25519 key pair that mints access tokens the kit's verifier accepts."""

    def __init__(
        self, *, issuer: str = "dread-auth", audience: str = "dread", kid: str | None = None
    ):
        self.issuer = issuer
        self.audience = audience
        self.kid = kid or uuid.uuid4().hex[:12]
        self.private_key = Ed25519PrivateKey.generate()

    @property
    def jwk(self) -> dict:
        """The public key as a JWK."""
        jwk = json.loads(OKPAlgorithm.to_jwk(self.private_key.public_key()))
        jwk.update(kid=self.kid, alg="EdDSA", use="sig")
        return jwk

    @property
    def jwks(self) -> dict:
        """A JWKS holding the public key."""
        return {"keys": [self.jwk]}

    def token(
        self,
        user_id: str | None = None,
        role: str = "student",
        *,
        typ: str | None = ACCESS_TOKEN_TYPE,
        **claims,
    ) -> str:
        """A signed access token; `claims` override or add claims; `typ=None` omits the type."""
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": user_id or uuid.uuid4().hex,
            "role": role,
            "iat": now,
            "exp": now + 600,
            "jti": uuid.uuid4().hex,
        }
        payload.update(claims)
        headers = {"kid": self.kid, "typ": typ}  # PyJWT drops a None/empty typ
        return jwt.encode(payload, self.private_key, algorithm="EdDSA", headers=headers)

    def headers(self, user_id: str | None = None, role: str = "student", **claims) -> dict:
        """An Authorization header for a fresh token."""
        return {"Authorization": f"Bearer {self.token(user_id, role, **claims)}"}

    def service_headers(self, name: str = "video") -> dict:
        """An Authorization header for a service token (internal routes)."""
        token = self.token(f"service:{name}", "system", aud="dread-internal")
        return {"Authorization": f"Bearer {token}"}


def create_tables(dynamodb_resource, specs, name_for) -> None:
    """Create the tables of `specs` in a (moto) DynamoDB and guard it against Scan."""
    client = dynamodb_resource.meta.client
    ensure_tables(client, specs, name_for)
    forbid_scan(client)


def assert_problem(response, status: int) -> dict:
    """Assert `response` is a problem+json with `status`; return its body."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"]
    return body


def assert_platform_routes(client, prefix: str) -> None:
    """The routes every service shares: health, readiness, OpenAPI, docs, metrics, 404."""
    assert client.get(f"{prefix}/healthz").status_code == 200
    ready = client.get(f"{prefix}/readyz")
    assert ready.status_code == 200, ready.get_json()
    assert ready.get_json()["checks"], "readyz must check at least one store"
    document = client.get(f"{prefix}/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    assert f"{prefix}/healthz" not in document["paths"]  # only documented API routes
    docs = client.get(f"{prefix}/docs")
    assert docs.status_code == 200 and b"swagger-ui" in docs.data
    assert_problem(client.get(f"{prefix}/no-such-path-{uuid.uuid4().hex}"), 404)
    metrics = client.get("/metrics")
    assert metrics.status_code == 200 and b"dread_http_requests_total" in metrics.data


def assert_readyz_checks_every_table(client, prefix: str, settings, tables) -> None:
    """readyz checks each of the service's tables, and names none of them in public."""
    ready = client.get(f"{prefix}/readyz")
    checks = ready.get_json()["checks"]
    assert [checks[f"table-{n}"] for n in range(1, len(tables) + 1)] == ["ok"] * len(tables)
    for spec in tables:
        assert settings.table_name(spec.name) not in ready.get_data(as_text=True)


class FakeCourseService:
    """Stands in for the course service's access decision (`clients.course_access`)."""

    def __init__(self):
        self.courses: dict[str, dict] = {}

    def course(self, course_id: str, *, owner: str = "owner", enrolled=()) -> None:
        """Register a course with its owner and enrolled user ids."""
        self.courses[course_id] = {"owner": owner, "enrolled": set(enrolled)}

    def course_access(self, course_id, user):
        """What `clients.course_access` would answer for `user`."""
        from .clients import CourseAccess
        from .errors import NotFound

        course = self.courses.get(course_id)
        if course is None:
            raise NotFound("No such course.")
        if user.is_admin:
            relation = "admin"
        elif user.id == course["owner"]:
            relation = "owner"
        elif user.id in course["enrolled"]:
            relation = "enrolled"
        else:
            relation = "none"
        return CourseAccess(
            course_id=course_id,
            owner_id=course["owner"],
            published=True,
            relation=relation,
            can_view_content=relation != "none",
            can_moderate=relation in ("owner", "admin"),
            title=course.get("title", ""),
        )


class FakeResponse:
    """Just what code under test reads from a `requests.Response`."""

    def __init__(self, status_code: int, body=None):
        self.status_code = status_code
        self._body = body or {}

    def json(self):
        """The body."""
        return self._body

    def raise_for_status(self) -> None:
        """Like requests: raise on 4xx/5xx."""
        if self.status_code >= 400:
            import requests

            raise requests.HTTPError(str(self.status_code))


class ContractClient(FlaskClient):
    """A test client that holds every response to the route's documented contract.

    The documented statuses (OpenAPI, built from the same routes), problem+json for every
    error, and the success body validated against the declared response model — with no
    field the model does not declare (`extra="allow"` models would accept anything).
    """

    def open(self, *args, **kwargs):
        """Send the request, then check the response against the contract."""
        response = super().open(*args, **kwargs)
        problems = contract_violations(self.application, response)
        assert not problems, f"{response.request.method} {response.request.path}: " + "; ".join(
            problems
        )
        return response


def _undeclared(model, path: str = "") -> list[str]:
    """Fields of a validated model (and its nested models) that its class does not declare."""
    from pydantic import BaseModel

    found = [f"{path}{name}" for name in (model.model_extra or {})]
    for name in type(model).model_fields:
        value = getattr(model, name)
        values = value if isinstance(value, list | tuple) else [value]
        for index, item in enumerate(values):
            if isinstance(item, BaseModel):
                where = f"{path}{name}[{index}]." if value is not item else f"{path}{name}."
                found += _undeclared(item, where)
    return found


def contract_violations(app, response) -> list[str]:
    """What in `response` breaks the documented contract of the route it answered."""
    from pydantic import ValidationError
    from werkzeug.exceptions import HTTPException

    request = response.request
    try:
        endpoint, _ = app.url_map.bind("localhost").match(request.path, request.method)
    except HTTPException:
        return []  # no such route: the kit's 404/405 handlers are tested on their own
    view = app.view_functions.get(endpoint)
    meta = getattr(view, "_openapi", None)
    if meta is None:
        return []  # health, docs, metrics: not part of the documented API
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    from .openapi import _PATH_PARAM, UNDOCUMENTED_STATUSES, document_of

    path = _PATH_PARAM.sub(r"{\1}", rule.rule)
    operation = document_of(app)["paths"][path][request.method.lower()]
    status = response.status_code
    problems = []
    if str(status) not in operation["responses"] and status not in UNDOCUMENTED_STATUSES:
        problems.append(f"status {status} is not documented ({', '.join(operation['responses'])})")
    if status >= 400:
        if response.mimetype != "application/problem+json":
            problems.append(f"a {status} must be problem+json, not {response.mimetype}")
        return problems
    model = meta.get("response")
    documented_success = status == meta.get("status", 200)
    if model is None or not documented_success or response.mimetype != "application/json":
        return problems
    try:
        validated = model.model_validate(response.get_json())
    except ValidationError as error:
        problems.append(f"body does not match {model.__name__}: {error.errors(include_url=False)}")
        return problems
    extra = _undeclared(validated)
    if extra:
        problems.append(f"fields not declared by {model.__name__}: {', '.join(extra)}")
    return problems
