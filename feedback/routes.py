"""Forum feedback and officers' triage (being written)."""
from flask import Blueprint

bp = Blueprint("feedback", __name__)
