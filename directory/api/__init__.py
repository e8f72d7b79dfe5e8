"""Open data: the Open Referral UK 3.0 API under /api/oruk (blueprint `bp`, "oruk"), and the open data
pages and downloads under /open-data (blueprint `open_data_bp`, "open_data")."""
from flask import Blueprint

from portal.extensions import csrf

bp = Blueprint("oruk", __name__, url_prefix="/api/oruk")
open_data_bp = Blueprint("open_data", __name__, url_prefix="/open-data")

# The API only reads (GET); there is no form or session state for a cross-site request to abuse.
csrf.exempt(bp)

from . import open_data, routes  # noqa: E402,F401  (register the views)
