"""A minimal kit service for the baseline benchmark: one GetItem or PutItem per request."""

from __future__ import annotations

from dataclasses import dataclass

import service_kit as kit
from flask import Blueprint, jsonify

PREFIX = "/api/bench"
TABLES = (kit.TableSpec(name="items", range_key=None),)


@dataclass(frozen=True)
class Settings(kit.KitSettings):
    """Kit settings for the bench service."""

    @classmethod
    def from_env(cls, **overrides):
        """Settings from the environment."""
        return super().from_env("bench", **overrides)


class ItemBody(kit.RequestSchema):
    """Body of PUT /items/<id>."""

    value: str


def create_app(settings: Settings | None = None, *, dynamodb=None):
    """The bench app: PUT and GET one item, nothing else."""
    settings = settings or Settings.from_env()
    dynamodb = dynamodb or kit.dynamodb_resource(settings)
    app = kit.create_service_app(__name__, settings, prefix=PREFIX, title="DREAD bench")
    kit.watch_tables(app, settings, TABLES)
    table = dynamodb.Table(settings.table_name("items"))
    blueprint = Blueprint("bench", __name__)

    @blueprint.put("/items/<item_id>")
    @kit.spec(body=ItemBody)
    def put_item(item_id, body):
        """Write one item."""
        table.put_item(Item={"pk": item_id, "value": body.value})
        return jsonify(id=item_id, value=body.value)

    @blueprint.get("/items/<item_id>")
    def get_item(item_id):
        """Read one item."""
        item = table.get_item(Key={"pk": item_id}).get("Item")
        if item is None:
            raise kit.NotFound("No such item.")
        return jsonify(id=item_id, value=item["value"])

    app.register_blueprint(blueprint, url_prefix=PREFIX)
    return app
