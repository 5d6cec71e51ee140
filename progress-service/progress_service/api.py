"""HTTP handlers under /api/progress: parse, call the store, shape the output."""

from flask import Blueprint

blueprint = Blueprint("progress", __name__)
