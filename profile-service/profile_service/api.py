"""HTTP handlers under /api/profiles: parse, call the store, shape the output."""

from flask import Blueprint

blueprint = Blueprint("profile", __name__)
