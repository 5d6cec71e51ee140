"""HTTP handlers under /api/auth: parse, call the store, shape the output."""

from flask import Blueprint

blueprint = Blueprint("auth", __name__)
