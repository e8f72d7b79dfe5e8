"""Words shown for the codes the directory stores (translatable)."""
from flask_babel import lazy_gettext as _l

DELIVERY_LABELS = {
    "in_person": _l("In person"),
    "online": _l("Online"),
    "home_visits": _l("Home visits"),
}

AREA_LABELS = {
    "local": _l("In the local area"),
    "outside": _l("Outside the local area"),
    "national": _l("National service"),
}

SORT_LABELS = {
    "relevance": _l("Best match"),
    "name": _l("Name (A to Z)"),
    "distance": _l("Distance (nearest first)"),
    "updated": _l("Recently updated"),
}
