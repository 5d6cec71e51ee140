"""HTTP handlers under /api/forum: parse, call the store, shape the output."""

from flask import Blueprint

blueprint = Blueprint("forum", __name__)
