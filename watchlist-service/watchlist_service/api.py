"""HTTP handlers under /api/watchlist: parse, call the store, shape the output."""

from flask import Blueprint

blueprint = Blueprint("watchlist", __name__)
