"""The action plan and "You said, we did" (being written)."""
from flask import Blueprint

bp = Blueprint("plan", __name__)
