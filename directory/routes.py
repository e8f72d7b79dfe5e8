"""Public directory pages (being written now)."""
from flask import Blueprint

bp = Blueprint("directory", __name__)
