"""HTTP handlers under /api/courses: parse, call the store, shape the output."""

from flask import Blueprint

blueprint = Blueprint("course", __name__)
