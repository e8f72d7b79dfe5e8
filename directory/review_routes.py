"""Officer pages: review queue, diffs, versions, freshness, problem reports (being written)."""
from flask import Blueprint

bp = Blueprint("review", __name__, url_prefix="/review")
