"""Provider pages: sign up for an organisation, the dashboard, the listing editor (being written)."""
from flask import Blueprint

bp = Blueprint("providers", __name__, url_prefix="/providers")
