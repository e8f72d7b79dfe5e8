"""Postcodes: normalising, looking up centroids held in our own table, importing them, and distances.

Nothing here calls an outside service, so search by distance works offline and no family's postcode
leaves the server. Bad input gives None rather than an exception: a postcode is typed by the public.
"""
from __future__ import annotations

import csv
import math
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.extensions import db

from .models import PostcodeCentroid

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
SHIPPED_CENTROIDS = os.path.join(DATA_DIR, "postcode_districts.csv")

EARTH_RADIUS_MILES = 3958.8
MAX_INPUT_LENGTH = 10  # "EC1A  1BB" with a stray space is 9; anything longer is not a postcode

# The usual UK postcode pattern (as in the Government Data Standards), applied to the text with its spaces
# removed. The inward code is always the last three characters, which is how a space is put back.
_OUTWARD = r"(?:[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?|[0-9][A-HJKPS-UW]))"
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_FULL_RE = re.compile(rf"(?:{_OUTWARD}{_INWARD}|GIR0AA)")
_OUTWARD_RE = re.compile(_OUTWARD)
_SPACES_RE = re.compile(r"\s+")

# Great Britain and Northern Ireland with a margin; the ONS directory uses 99.999999 for "no location".
LAT_RANGE = (49.0, 61.0)
LNG_RANGE = (-9.0, 2.5)
ONS_NO_LOCATION = 99.999999

# Header names we accept, lower case: ours first, then the ONS Postcode Directory's.
POSTCODE_COLUMNS = ("postcode", "pcds", "pcd", "pcd7", "pcd8")
LATITUDE_COLUMNS = ("latitude", "lat")
LONGITUDE_COLUMNS = ("longitude", "long", "lng", "lon")

BATCH_SIZE = 5000

PRECISION_POSTCODE = "postcode"
PRECISION_DISTRICT = "district"


@dataclass(frozen=True)
class GeoPoint:
    """Where a postcode is, and whether that is the postcode itself or only its district."""

    postcode: str  # as shown back to the user, e.g. "E8 1DY" or "E8"
    latitude: float
    longitude: float
    precision: str  # PRECISION_POSTCODE or PRECISION_DISTRICT


def normalise_postcode(text: str | None) -> str | None:
    """Canonical "E8 1DY" for a full postcode, "E8" for an outward code alone, or None if not a postcode."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not text or len(text) > MAX_INPUT_LENGTH:
        return None
    compact = _SPACES_RE.sub("", text).upper()
    if _FULL_RE.fullmatch(compact):
        return f"{compact[:-3]} {compact[-3:]}"
    if _OUTWARD_RE.fullmatch(compact):
        return compact
    return None


def storage_key(postcode: str) -> str:
    """The PostcodeCentroid key for a normalised postcode: upper case without the space."""
    return postcode.replace(" ", "")


def outward_code(text: str | None) -> str | None:
    """The outward code (district) of a postcode, e.g. "E8" for "e8 1dy", or None."""
    normalised = normalise_postcode(text)
    return normalised.split(" ")[0] if normalised else None


def lookup(text: str | None) -> GeoPoint | None:
    """The centre of a postcode, falling back to its district's centre; None if neither is known."""
    normalised = normalise_postcode(text)
    if normalised is None:
        return None
    outward = normalised.split(" ")[0]
    candidates = [(outward, PRECISION_DISTRICT)]
    if " " in normalised:
        candidates.insert(0, (storage_key(normalised), PRECISION_POSTCODE))
    found = {row.postcode: row for row in db.session.scalars(
        select(PostcodeCentroid).where(PostcodeCentroid.postcode.in_([key for key, _ in candidates])))}
    for key, precision in candidates:
        row = found.get(key)
        if row is not None:
            return GeoPoint(normalised, row.latitude, row.longitude, precision)
    return None


def distance_miles(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle (haversine) distance in miles."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


def _coordinate(text: str, low: float, high: float) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    if value == ONS_NO_LOCATION or not low <= value <= high:  # NaN fails the range test too
        return None
    return value


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def _parse_rows(reader: Iterator[list[str]], header: list[str]) -> Iterator[tuple[str, float, float] | None]:
    """(key, lat, lng) for each good row, None for each bad one."""
    pc_i, lat_i, lng_i = (_column(header, POSTCODE_COLUMNS), _column(header, LATITUDE_COLUMNS),
                          _column(header, LONGITUDE_COLUMNS))
    if pc_i is None or lat_i is None or lng_i is None:
        raise ValueError("The CSV needs postcode, latitude and longitude columns "
                         "(postcode,latitude,longitude or the ONS Postcode Directory's pcds,lat,long).")
    needed = max(pc_i, lat_i, lng_i)
    for row in reader:
        if len(row) <= needed:
            yield None
            continue
        postcode = normalise_postcode(row[pc_i])
        lat = _coordinate(row[lat_i], *LAT_RANGE)
        lng = _coordinate(row[lng_i], *LNG_RANGE)
        if postcode is None or lat is None or lng is None:
            yield None
            continue
        yield storage_key(postcode), round(lat, 6), round(lng, 6)


def _upsert(batch: dict[str, tuple[float, float]]) -> None:
    rows = [{"postcode": key, "latitude": lat, "longitude": lng} for key, (lat, lng) in batch.items()]
    dialect = db.session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = sqlite_insert if dialect == "sqlite" else pg_insert
        stmt = insert(PostcodeCentroid)
        stmt = stmt.on_conflict_do_update(
            index_elements=[PostcodeCentroid.postcode],
            set_={"latitude": stmt.excluded.latitude, "longitude": stmt.excluded.longitude},
        )
        db.session.execute(stmt, rows)
    else:
        for row in rows:
            db.session.merge(PostcodeCentroid(**row))
    db.session.commit()


def import_rows(rows: Iterable[tuple[str, float, float] | None]) -> tuple[int, int]:
    """Upsert (key, lat, lng) rows in batches; None rows are counted as skipped."""
    loaded = skipped = 0
    batch: dict[str, tuple[float, float]] = {}  # a dict, because one statement may not touch a key twice
    for item in rows:
        if item is None:
            skipped += 1
            continue
        key, lat, lng = item
        batch[key] = (lat, lng)
        loaded += 1
        if len(batch) >= BATCH_SIZE:
            _upsert(batch)
            batch = {}
    if batch:
        _upsert(batch)
    return loaded, skipped


def import_centroids_csv(path: str) -> tuple[int, int]:
    """Load centroids from a CSV (ours, or an ONS Postcode Directory extract); return (loaded, skipped)."""
    # utf-8-sig: ONS files arrive with a byte-order mark that would otherwise stick to the first header.
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            return 0, 0
        return import_rows(_parse_rows(reader, header))


def load_shipped_centroids() -> int:
    """Load the district centroids shipped with the portal; return how many."""
    loaded, _ = import_centroids_csv(SHIPPED_CENTROIDS)
    return loaded


def shipped_districts() -> dict[str, tuple[float, float]]:
    """The shipped district centroids, read from the file (no database needed)."""
    with open(SHIPPED_CENTROIDS, newline="", encoding="utf-8") as fh:
        return {row["postcode"]: (float(row["latitude"]), float(row["longitude"])) for row in csv.DictReader(fh)}
