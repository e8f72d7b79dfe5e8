"""Site-wide pages that belong to no domain."""
from flask import Blueprint, render_template

bp = Blueprint("portal", __name__)


@bp.get("/accessibility")
def accessibility():
    return render_template("portal/accessibility.html")


@bp.get("/about")
def about():
    return render_template("portal/about.html")
