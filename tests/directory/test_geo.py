"""Postcodes: normalising, lookup with district fallback, CSV import, the shipped districts, distances."""
import csv

import pytest
from sqlalchemy import func, select

from directory import geo
from directory.models import PostcodeCentroid
from portal.extensions import db


@pytest.mark.parametrize("text, expected", [
    ("e81dy", "E8 1DY"),
    (" E8  1DY ", "E8 1DY"),
    ("E8 1DY", "E8 1DY"),
    ("n16 5ab", "N16 5AB"),
    ("EC1A 1BB", "EC1A 1BB"),
    ("ec1a1bb", "EC1A 1BB"),
    ("W1A 0AX", "W1A 0AX"),
    ("SW1A 2AA", "SW1A 2AA"),
    ("E1W 1AA", "E1W 1AA"),
    ("GIR 0AA", "GIR 0AA"),
    ("gir0aa", "GIR 0AA"),
    ("E8", "E8"),
    (" n16 ", "N16"),
    ("SW1A", "SW1A"),
    ("WC2N", "WC2N"),
])
def test_normalise_accepts_postcodes_and_outward_codes(text, expected):
    assert geo.normalise_postcode(text) == expected


@pytest.mark.parametrize("text", [
    "", "   ", "hello", "E8 1DYY", "E8 1CY", "QQ1 1AA", "8E 1DY", "E8 1D", "1234", "x" * 5000, "E8 1DY EXTRA",
    None,
])
def test_normalise_rejects_what_is_not_a_postcode(text):
    assert geo.normalise_postcode(text) is None


def test_outward_code():
    assert geo.outward_code("e8 1dy") == "E8"
    assert geo.outward_code("N16") == "N16"
    assert geo.outward_code("nonsense") is None


def _add(*rows):
    db.session.add_all(PostcodeCentroid(postcode=p, latitude=lat, longitude=lng) for p, lat, lng in rows)
    db.session.commit()


def test_lookup_prefers_the_full_postcode_then_falls_back_to_the_district(app):
    _add(("E81DY", 51.5461, -0.0756), ("E8", 51.5430, -0.0640))

    exact = geo.lookup(" e8 1dy ")
    assert exact == geo.GeoPoint("E8 1DY", 51.5461, -0.0756, "postcode")

    district = geo.lookup("E8 2PB")
    assert district == geo.GeoPoint("E8 2PB", 51.5430, -0.0640, "district")

    outward_only = geo.lookup("e8")
    assert outward_only.precision == "district" and outward_only.postcode == "E8"


def test_lookup_unknown_or_bad_input_gives_none(app):
    _add(("E8", 51.5430, -0.0640))
    assert geo.lookup("SW1A 1AA") is None
    assert geo.lookup("SW1A") is None
    assert geo.lookup("not a postcode") is None
    assert geo.lookup("") is None
    assert geo.lookup(None) is None
    assert geo.lookup("E8" * 3000) is None


def _write(path, header, rows, encoding="utf-8"):
    with open(path, "w", newline="", encoding=encoding) as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def _count():
    return db.session.scalar(select(func.count()).select_from(PostcodeCentroid))


def test_import_our_format_skips_bad_rows_and_is_idempotent(app, tmp_path):
    path = _write(tmp_path / "districts.csv", ["postcode", "latitude", "longitude"], [
        ["E8", "51.5430", "-0.0640"],
        ["e5", "51.5590", "-0.0520"],
        ["N16 5AB", "51.5630", "-0.0760"],
        ["not a postcode", "51.5", "-0.1"],
        ["E9", "", "-0.0400"],  # no latitude
        ["E9", "abc", "-0.0400"],  # not a number
        ["E10", "40.0", "-0.0100"],  # outside Great Britain
        ["E11", "51.5690", "7.0"],  # outside Great Britain
        ["E12"],  # short row
    ])

    assert geo.import_centroids_csv(path) == (3, 6)
    assert _count() == 3
    assert db.session.get(PostcodeCentroid, "N165AB").latitude == pytest.approx(51.563)
    assert db.session.get(PostcodeCentroid, "E5").longitude == pytest.approx(-0.052)

    assert geo.import_centroids_csv(path) == (3, 6)
    assert _count() == 3


def test_import_updates_moved_centroids(app, tmp_path):
    first = _write(tmp_path / "a.csv", ["postcode", "latitude", "longitude"], [["E8", "51.5", "-0.06"]])
    second = _write(tmp_path / "b.csv", ["postcode", "latitude", "longitude"], [["E8", "51.543", "-0.064"]])
    geo.import_centroids_csv(first)
    geo.import_centroids_csv(second)
    db.session.expire_all()
    row = db.session.get(PostcodeCentroid, "E8")
    assert (row.latitude, row.longitude) == (pytest.approx(51.543), pytest.approx(-0.064))
    assert _count() == 1


def test_import_ons_postcode_directory_columns(app, tmp_path):
    # An ONSPD extract: many columns, pcd padded to 7 characters, 99.999999 where there is no location,
    # and a byte-order mark before the first header.
    header = ["pcd", "pcd2", "pcds", "dointr", "doterm", "oseast1m", "osnrth1m", "lat", "long", "ctry"]
    path = _write(tmp_path / "onspd.csv", header, [
        ["E8  1DY", "E8   1DY", "E8 1DY", "198001", "", "534000", "184600", "51.546100", "-0.075600", "E92000001"],
        ["N16 5AB", "N16  5AB", "N16 5AB", "198001", "", "533500", "186500", "51.563000", "-0.076000", "E92000001"],
        ["GIR 0AA", "GIR  0AA", "GIR 0AA", "198001", "", "", "", "99.999999", "0.000000", ""],
        ["ZZ99 3CZ", "ZZ99 3CZ", "ZZ99 3CZ", "", "", "", "", "99.999999", "0.000000", ""],
    ], encoding="utf-8-sig")

    assert geo.import_centroids_csv(path) == (2, 2)
    assert db.session.get(PostcodeCentroid, "E81DY").latitude == pytest.approx(51.5461)
    assert geo.lookup("E8 1DY").precision == "postcode"
    assert geo.import_centroids_csv(path) == (2, 2)
    assert _count() == 2


def test_import_ons_pcd_only(app, tmp_path):
    path = _write(tmp_path / "pcd.csv", ["PCD", "LAT", "LONG"], [["E9  5AA", "51.543", "-0.04"]])
    assert geo.import_centroids_csv(path) == (1, 0)
    assert db.session.get(PostcodeCentroid, "E95AA") is not None


def test_import_commits_in_batches(app, tmp_path, monkeypatch):
    monkeypatch.setattr(geo, "BATCH_SIZE", 2)
    rows = [[f"E8 {n}AA", "51.54", "-0.06"] for n in range(10)] + [["E8 1AA", "51.55", "-0.07"]]
    path = _write(tmp_path / "many.csv", ["postcode", "latitude", "longitude"], rows)
    assert geo.import_centroids_csv(path) == (11, 0)
    assert _count() == 10


def test_import_without_the_needed_columns_says_so(app, tmp_path):
    path = _write(tmp_path / "wrong.csv", ["code", "x", "y"], [["E8", "1", "2"]])
    with pytest.raises(ValueError, match="postcode, latitude and longitude"):
        geo.import_centroids_csv(path)


def test_import_of_an_empty_file(app, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    assert geo.import_centroids_csv(str(path)) == (0, 0)


def test_geo_import_command(app, runner, tmp_path):
    path = _write(tmp_path / "d.csv", ["postcode", "latitude", "longitude"],
                  [["E8", "51.543", "-0.064"], ["bad", "1", "2"]])
    result = runner.invoke(args=["geo", "import", path])
    assert result.exit_code == 0, result.output
    assert "Loaded 1 postcodes; skipped 1 rows." in result.output


# ------------------------------------------------------------------------------- the shipped districts

def _shipped_rows():
    with open(geo.SHIPPED_CENTROIDS, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_shipped_csv_is_clean():
    rows = _shipped_rows()
    assert rows[0] == ["postcode", "latitude", "longitude"]
    codes = [row[0] for row in rows[1:]]
    assert len(codes) == len(set(codes)), "duplicate districts"
    for code, lat, lng in rows[1:]:
        assert geo.normalise_postcode(code) == code, code
        assert " " not in code
        assert 49 < float(lat) < 61 and -9 < float(lng) < 2.5, code
        assert len(lat.split(".")[1]) == 4 and len(lng.split(".")[1]) == 4, code


EXPECTED_LONDON = (
    [f"E{n}" for n in range(1, 19)] + ["E1W", "E20"]
    + ["EC1A", "EC1M", "EC1N", "EC1R", "EC1V", "EC1Y", "EC2A", "EC2M", "EC2N", "EC2R", "EC2V", "EC2Y",
       "EC3A", "EC3M", "EC3N", "EC3R", "EC3V", "EC4A", "EC4M", "EC4N", "EC4R", "EC4V", "EC4Y"]
    + [f"N{n}" for n in range(1, 23)] + ["N1C"]
    + [f"NW{n}" for n in range(1, 12)]
    + [f"SE{n}" for n in range(1, 29)]
    + ["SW1A", "SW1E", "SW1H", "SW1P", "SW1V", "SW1W", "SW1X", "SW1Y"] + [f"SW{n}" for n in range(2, 21)]
    + ["W1A", "W1B", "W1C", "W1D", "W1F", "W1G", "W1H", "W1J", "W1K", "W1S", "W1T", "W1U", "W1W"]
    + [f"W{n}" for n in range(2, 15)]
    + ["WC1A", "WC1B", "WC1E", "WC1H", "WC1N", "WC1R", "WC1V", "WC1X",
       "WC2A", "WC2B", "WC2E", "WC2H", "WC2N", "WC2R"]
)


def test_shipped_csv_covers_the_london_districts():
    shipped = geo.shipped_districts()
    missing = [code for code in EXPECTED_LONDON if code not in shipped]
    assert not missing
    for code in ("E5", "E8", "E9", "N16", "EC1A", "SW1A", "WC2N", "SE28", "NW11", "W14"):
        assert code in shipped


@pytest.mark.parametrize("code, lat, lng", [
    ("E5", 51.5590, -0.0520), ("E8", 51.5430, -0.0640), ("E9", 51.5430, -0.0400), ("N16", 51.5630, -0.0760),
])
def test_demo_districts_are_where_they_should_be(code, lat, lng):
    shipped_lat, shipped_lng = geo.shipped_districts()[code]
    assert abs(shipped_lat - lat) < 0.003 and abs(shipped_lng - lng) < 0.003


def test_shipped_districts_lie_in_their_area():
    # A slip of a digit would put a district miles away; London districts sit within ~20 miles of Charing Cross.
    for code, (lat, lng) in geo.shipped_districts().items():
        if code in EXPECTED_LONDON:
            assert geo.distance_miles(lat, lng, 51.5080, -0.1281) < 20, code


def test_load_shipped_centroids(app):
    loaded = geo.load_shipped_centroids()
    assert loaded == len(_shipped_rows()) - 1 == _count()
    assert geo.load_shipped_centroids() == loaded
    assert _count() == loaded
    point = geo.lookup("N16 7XZ")
    assert point.precision == "district"
    assert (point.latitude, point.longitude) == geo.shipped_districts()["N16"]


# ------------------------------------------------------------------------------- distances

def test_distance_miles():
    assert geo.distance_miles(51.0, 0.0, 52.0, 0.0) == pytest.approx(69.09, abs=0.01)  # one degree of latitude
    # Trafalgar Square to the Eiffel Tower, about 213 miles as the crow flies.
    assert geo.distance_miles(51.5080, -0.1281, 48.8584, 2.2945) == pytest.approx(212.5, abs=1.5)
    assert geo.distance_miles(51.5430, -0.0640, 51.5430, -0.0640) == 0
    assert geo.distance_miles(51.5590, -0.0520, 51.5430, -0.0640) == pytest.approx(
        geo.distance_miles(51.5430, -0.0640, 51.5590, -0.0520))
