"""The Open Referral UK 3.0 API under /api/oruk (being written)."""
from flask import Blueprint

bp = Blueprint("oruk", __name__, url_prefix="/api/oruk")
