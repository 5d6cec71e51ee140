"""HTTP handlers under /api/videos: parse, call the store, shape the output."""

from flask import Blueprint

blueprint = Blueprint("video", __name__)
