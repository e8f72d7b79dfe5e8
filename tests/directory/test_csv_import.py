"""`flask import csv FILE [--commit] [--publish]`: the template, a preview listing each row's problems, all or
nothing, updates instead of duplicates, and our own CSV export read back."""
from __future__ import annotations

import csv

import pytest
from sqlalchemy import func, select

from directory.exports import CSV_COLUMNS, template_csv
from directory.models import (PENDING, PUBLISHED, REVISION_SUBMITTED, ListingRevision, Organisation,
                              PostcodeCentroid, Service, ServiceVersion)
from portal.extensions import db

GOOD = {
    "organisation": "Riverside Family Support", "name": "Saturday Sensory Swim",
    "summary": "Quiet swimming sessions for children with SEND.", "description": "Small groups.",
    "categories": "leisure", "needs": "autism; Physical disability", "age_min": "4", "age_max": "16",
    "free": "no", "cost": "£3 a session", "self_referral": "yes", "delivery": "in_person",
    "email": "swim@example.org", "phone": "01632 960123", "website": "example.org/swim",
    "location_name": "Leisure Centre", "address": "1 High Street", "town": "Riverside", "postcode": "e8 1dy",
    "accessibility": "step-free; changing-places", "languages": "English (en); British Sign Language (bfi)",
}


def write_csv(tmp_path, rows: list[dict], columns: list[str] = CSV_COLUMNS, name: str = "services.csv") -> str:
    path = tmp_path / name
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def run(runner, *args: str, code: int = 0) -> str:
    result = runner.invoke(args=["import", "csv", *args])
    assert result.exit_code == code, result.output
    db.session.expire_all()
    return result.output


@pytest.fixture
def e8(app):
    db.session.add(PostcodeCentroid(postcode="E8", latitude=51.5430, longitude=-0.0640))
    db.session.commit()


def test_preview_lists_problems_per_row_and_writes_nothing(runner, tmp_path):
    bad = {**GOOD, "name": "Broken", "summary": "", "needs": "autsm", "age_min": "30", "age_max": "x",
           "free": "sometimes", "email": "not-an-email", "postcode": "NOWHERE", "delivery": "by pigeon"}
    output = run(runner, write_csv(tmp_path, [GOOD, bad]))
    assert "Row 2: Saturday Sensory Swim (Riverside Family Support): new listing (waiting for review)" in output
    assert "Row 3: Broken (Riverside Family Support): 8 problems" in output
    for message in ("Enter the summary", "needs: “autsm” is not one of: autism, adhd",
                    "age_min must be from 0 to 25",
                    "age_max must be a whole number", "free must be yes or no", "email “not-an-email”",
                    "postcode “NOWHERE” is not a UK postcode", "delivery: “by pigeon”"):
        assert message in output
    assert "Nothing written" in output
    assert count(Service) == 0 and count(Organisation) == 0 and count(ListingRevision) == 0


def test_commit_writes_every_row_for_review(runner, tmp_path, e8):
    second = {**GOOD, "name": "Autism Advice Line", "organisation": "Hillside Trust", "categories": "advice",
              "needs": "autism", "free": "", "cost": "", "postcode": "", "location_name": "", "address": "",
              "town": "", "accessibility": "", "delivery": "online", "area_served": "national"}
    path = write_csv(tmp_path, [GOOD, second])
    assert "Run again with --commit" in run(runner, path)
    output = run(runner, path, "--commit")
    assert "Written." in output
    swim = db.session.scalar(select(Service).where(Service.name == "Saturday Sensory Swim"))
    assert swim.status == PENDING and swim.organisation.name == "Riverside Family Support"
    revision = db.session.scalars(select(ListingRevision).where(ListingRevision.service_id == swim.id)).one()
    assert revision.status == REVISION_SUBMITTED
    data = revision.data
    assert (data["categories"], data["needs"]) == (["leisure"], ["autism", "physical-disability"])
    assert (data["age_min"], data["age_max"], data["is_free"], data["cost_detail"]) == (4, 16, False, "£3 a session")
    assert data["self_referral"] is True and data["website"] == "https://example.org/swim"
    [place] = data["locations"]
    assert place["postcode"] == "E8 1DY" and (place["latitude"], place["longitude"]) == (51.5430, -0.0640)
    assert place["accessibility"] == ["step-free", "changing-places"]
    assert data["languages"] == [{"code": "en", "name": "English"}, {"code": "bfi", "name": "British Sign Language"}]
    line = db.session.scalar(select(Service).where(Service.name == "Autism Advice Line"))
    line_data = db.session.scalars(select(ListingRevision).where(ListingRevision.service_id == line.id)).one().data
    assert line_data["is_free"] is True and line_data["delivery"] == ["online"]
    assert line_data["area_served"] == "national"
    assert count(Organisation) == 2


def test_commit_is_all_or_nothing(runner, tmp_path):
    path = write_csv(tmp_path, [GOOD, {**GOOD, "name": "", "summary": "No name"}])
    output = run(runner, path, "--commit", code=1)
    assert "Enter the name" in output and "Nothing was written" in output
    assert count(Service) == 0 and count(Organisation) == 0


def test_the_same_service_twice_in_a_file_is_a_problem(runner, tmp_path):
    output = run(runner, write_csv(tmp_path, [GOOD, {**GOOD, "name": "saturday sensory swim"}]))
    assert "The same service is on row 2" in output


def test_a_second_import_updates_instead_of_duplicating(runner, tmp_path, make_organisation):
    make_organisation("Riverside Family Support")
    path = write_csv(tmp_path, [GOOD])
    run(runner, path, "--commit", "--publish")
    swim = db.session.scalar(select(Service).where(Service.name == "Saturday Sensory Swim"))
    assert swim.status == PUBLISHED and swim.version == 1 and count(Organisation) == 1
    assert count(ServiceVersion) == 1
    assert "no change" in run(runner, path, "--commit")
    assert count(ListingRevision) == 0 and count(Service) == 1
    changed = write_csv(tmp_path, [{**GOOD, "name": "SATURDAY Sensory Swim", "cost": "£4 a session"}])
    assert "update (waiting for review)" in run(runner, changed, "--commit")
    revision = db.session.scalars(select(ListingRevision)).one()
    assert revision.data["cost_detail"] == "£4 a session" and revision.base_version == 1
    assert db.session.get(Service, swim.id).cost_detail == "£3 a session"  # live until approved
    assert count(Service) == 1


def test_the_template_row_imports(runner, tmp_path):
    path = tmp_path / "template.csv"
    path.write_text(template_csv(), encoding="utf-8")
    output = run(runner, str(path), "--commit")
    assert "Row 2: Saturday Sensory Swim" in output and "Written." in output


def test_our_own_csv_export_imports(runner, tmp_path, make_service):
    make_service("Exported Club", summary="-5 is not a formula here", categories=["leisure"], needs=["adhd"],
                 locations=[("E8 1DY", 51.5431, -0.0641)], cost_detail="=free", is_free=True)
    exported = tmp_path / "export.csv"
    assert runner.invoke(args=["export", "csv", str(exported)]).exit_code == 0
    output = run(runner, str(exported))
    assert "Columns not used: id, page, organisation_id" in output
    assert "Exported Club" in output and "no change" in output  # the same listing, read back exactly


@pytest.mark.parametrize("content, message", [
    ("name,summary\nA,B\n", "The file has no organisation column"),
    (",".join(CSV_COLUMNS) + "\n", "The file has no rows"),
])
def test_files_that_are_not_the_template(runner, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    assert message in run(runner, str(path), "--commit", code=1)


def test_a_file_that_is_not_utf8(runner, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((",".join(CSV_COLUMNS) + "\nCaf\xe9,Swim,Sum\n").encode("latin-1"))
    assert "is not a UTF-8 CSV file" in run(runner, str(path))
