"""A minimal service built on the kit, to test the kit's behaviour end to end."""

from typing import Annotated

import pytest
import service_kit as kit
from flask import Blueprint, jsonify
from pydantic import Field
from service_kit.dynamo import query_page
from service_kit.testing import create_tables

PREFIX = "/api/demo"
TABLES = (kit.TableSpec(name="things"),)


class ThingCreate(kit.RequestSchema):
    """Body of POST /things."""

    name: Annotated[str, Field(min_length=1, max_length=20)]
    count: Annotated[int, Field(ge=0, le=10)] = 0


class Thing(kit.ResponseSchema):
    """A thing."""

    name: str
    count: int


def build_app(settings, dynamodb):
    """A kit app with a few routes exercising validation, auth, paging and errors."""
    app = kit.create_service_app(__name__, settings, prefix=PREFIX, title="demo")
    kit.watch_tables(app, settings, TABLES)
    table = dynamodb.Table(settings.table_name("things"))
    blueprint = Blueprint("demo", __name__)

    @blueprint.post("/things")
    @kit.require_user
    @kit.spec(body=ThingCreate, response=Thing, status=201)
    def create_thing(body):
        """Create a thing."""
        user = kit.current_user()
        table.put_item(Item={"pk": f"USER#{user.id}", "sk": body.name, "count": body.count})
        return jsonify(name=body.name, count=body.count), 201

    @blueprint.get("/things")
    @kit.require_user
    @kit.spec(query=kit.PageQuery)
    def list_things(query):
        """List the caller's things."""
        user = kit.current_user()
        found, next_cursor = query_page(
            table,
            limit=query.limit,
            cursor=query.cursor,
            secret=settings.cursor_secret,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": f"USER#{user.id}"},
        )
        items = [{"name": i["sk"], "count": int(i["count"])} for i in found]
        return jsonify(items=items, next_cursor=next_cursor)

    @blueprint.get("/catalog")
    @kit.spec(query=kit.PageQuery)
    def list_catalog(query):
        """Another listing, whose cursors hold another shape of key."""
        after = {"after": "2026-01-01", "scope": "catalog"}
        return jsonify(items=[], next_cursor=kit.encode_cursor(after, settings.cursor_secret))

    @blueprint.get("/things/<id:thing_id>")
    @kit.require_user
    @kit.spec(response=Thing)
    def get_thing(thing_id):
        """One of the caller's things, by a (platform-shaped) id."""
        key = {"pk": f"USER#{kit.current_user().id}", "sk": thing_id}
        item = table.get_item(Key=key).get("Item")
        if item is None:
            raise kit.NotFound("No such thing.")
        return jsonify(name=item["sk"], count=int(item["count"]))

    @blueprint.get("/undeclared")
    @kit.spec()
    def undeclared():
        """Raises an error its declaration does not name."""
        raise kit.Conflict("Not declared.")

    @blueprint.get("/admin-only")
    @kit.require_role("admin")
    def admin_only():
        """Only admins."""
        return jsonify(ok=True)

    @blueprint.get("/boom")
    def boom():
        """Fails with an unexpected error."""
        raise RuntimeError("secret internal detail")

    @blueprint.get("/scan")
    def scan():
        """Issues a forbidden Scan."""
        return jsonify(count=len(table.scan()["Items"]))

    app.register_blueprint(blueprint, url_prefix=PREFIX)
    return app


@pytest.fixture
def app_factory():
    """Build the demo app from settings and a DynamoDB resource."""
    return build_app


@pytest.fixture
def settings(kit_settings):
    """Settings of the demo service."""
    return kit.KitSettings(service="demo", **kit_settings)


@pytest.fixture
def app(settings, dynamodb):
    """The demo app on moto tables."""
    create_tables(dynamodb, TABLES, settings.table_name)
    return build_app(settings, dynamodb)


@pytest.fixture
def client(app):
    """A test client of the demo app."""
    return app.test_client()
