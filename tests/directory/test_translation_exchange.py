"""Strings for translators: CSV and XLIFF export, import back with a preview, all or nothing, idempotent."""
from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import func, select

from directory import content_translations as ct
from directory import translation_exchange as exchange
from directory.models import CONTENT_SERVICE, ContentTranslation
from portal.extensions import db
from portal.models import AuditEntry

NS = {"x": exchange.XLIFF_NS}


@pytest.fixture
def officer(make_user):
    return make_user("officer@example.org", roles=("officer",))


@pytest.fixture
def listings(make_service):
    group = make_service("Autism family support group", summary="Meet other parents",
                         description="We meet on Saturdays.")
    chess = make_service("Chess club", summary="-1 is not a score, =SUM(A1) is not a formula")
    make_service("Draft club", summary="Not public yet", status="draft")
    return group, chess


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def write_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=exchange.CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def translated(language: str = "tr") -> dict:
    return {(row.kind, row.object_id, row.field): (row.text, row.reviewed, row.source_hash)
            for row in db.session.scalars(select(ContentTranslation).where(ContentTranslation.language == language))}


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def test_export_has_the_public_strings_missing_or_out_of_date(listings, officer):
    group, chess = listings
    ct.save_translations(officer, CONTENT_SERVICE, group, "tr", {"name": "Otizm grubu"})
    rows = csv_rows(exchange.export_csv(exchange.export_units("tr")))
    ids = {row["id"] for row in rows}
    assert f"service/{group.id}/summary" in ids and f"service/{chess.id}/name" in ids
    assert f"service/{group.id}/name" not in ids  # already translated
    assert not any("Draft club" in row["context"] for row in rows)  # not public
    assert any(row["id"].startswith("term/") for row in rows)  # categories and needs too
    assert all(row["language"] == "tr" for row in rows)
    everything = {row["id"]: row for row in csv_rows(exchange.export_csv(exchange.export_units("tr", "all")))}
    assert everything[f"service/{group.id}/name"]["translation"] == "Otizm grubu"
    group.name = "Autism parents group"
    db.session.commit()
    assert f"service/{group.id}/name" in {u.id for u in exchange.export_units("tr")}  # now out of date


def test_csv_round_trip_then_importing_again_changes_nothing(listings, officer):
    group, chess = listings
    rows = csv_rows(exchange.export_csv(exchange.export_units("tr", kinds=[CONTENT_SERVICE])))
    for row in rows:
        row["translation"] = "TR " + row["english"]
        if row["id"] == f"service/{chess.id}/summary":
            assert row["english"].startswith("'-1")  # a spreadsheet would have run "-1 …" as a formula
            row["translation"] = "'-1 bir puan değil"
    data = write_csv(rows)
    preview = exchange.preview_import(exchange.read_rows(data))
    assert preview.ok and len(preview.changes) == len(rows) and preview.unchanged == 0
    exchange.import_rows(officer, exchange.read_rows(data))
    stored = translated()
    assert stored[("service", str(group.id), "summary")][0] == "TR Meet other parents"
    # The quote that kept a spreadsheet from running "-1 …" is taken off again, in the English and the translation.
    assert stored[("service", str(chess.id), "summary")][0] == "-1 bir puan değil"
    assert not ct.localise(chess, language="tr").summary.out_of_date
    before, audits = translated(), audit_count()
    again = exchange.import_rows(officer, exchange.read_rows(data))
    assert again.changes == [] and again.unchanged == len(rows)
    assert translated() == before and audit_count() == audits


def test_xliff_round_trip_then_importing_again_changes_nothing(listings, officer):
    group, _ = listings
    ct.save_translations(officer, CONTENT_SERVICE, group, "pl", {"name": "Grupa wsparcia"}, reviewed=True)
    document = exchange.export_xliff(exchange.export_units("pl", "all", kinds=[CONTENT_SERVICE]), "pl")
    root = ET.fromstring(document)
    assert root.get("version") == "1.2"
    file_el = root.find("x:file", NS)
    assert (file_el.get("source-language"), file_el.get("target-language")) == ("en", "pl")
    units = root.findall(".//x:trans-unit", NS)
    by_id = {unit.get("id"): unit for unit in units}
    assert by_id[f"service/{group.id}/name"].find("x:target", NS).get("state") == "signed-off"
    for unit in units:
        target = unit.find("x:target", NS)
        if not target.text:
            target.text = "PL " + unit.find("x:source", NS).text
            target.set("state", "translated")
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    preview = exchange.preview_import(exchange.read_rows(data))
    assert preview.ok and len(preview.changes) == len(units) - 1 and preview.unchanged == 1
    exchange.import_rows(officer, exchange.read_rows(data))
    stored = translated("pl")
    assert stored[("service", str(group.id), "summary")][0] == "PL Meet other parents"
    assert stored[("service", str(group.id), "name")][:2] == ("Grupa wsparcia", True)  # still checked
    before, audits = translated("pl"), audit_count()
    assert exchange.import_rows(officer, exchange.read_rows(data)).changes == []
    assert translated("pl") == before and audit_count() == audits


def test_bad_rows_are_reported_by_row_and_nothing_is_imported(listings, officer):
    group, chess = listings
    data = write_csv([
        {"id": f"service/{group.id}/name", "language": "tr", "english": group.name, "translation": "Otizm grubu"},
        {"id": "service/not-an-id/name", "language": "tr", "english": "", "translation": "x"},
        {"id": f"service/{group.id}/phone", "language": "tr", "english": "", "translation": "x"},
        {"id": f"service/{chess.id}/name", "language": "de", "english": "", "translation": "Schachklub"},
        {"id": f"service/{chess.id}/name", "language": "tr", "english": chess.name, "translation": "Satranç"},
        {"id": f"service/{chess.id}/name", "language": "tr", "english": chess.name, "translation": "Satranç kulübü"},
        {"id": "service/00000000-0000-0000-0000-000000000000/name", "language": "tr", "english": "",
         "translation": "Yok"},
        {"id": f"service/{group.id}/summary", "language": "tr", "english": group.summary, "translation": ""},
    ])
    preview = exchange.preview_import(exchange.read_rows(data))
    assert [row for row, _ in preview.problems] == [3, 4, 5, 7, 8]
    messages = dict(preview.problems)
    assert "not-an-id" in messages[3] and "de" in messages[5] and "row 6" in messages[7]
    assert preview.blank == 1
    with pytest.raises(exchange.ImportRefused):
        exchange.import_rows(officer, exchange.read_rows(data))
    assert translated() == {}


def test_english_changed_since_the_export_shows_as_out_of_date(listings, officer):
    group, _ = listings
    rows = [row for row in csv_rows(exchange.export_csv(exchange.export_units("tr")))
            if row["id"] == f"service/{group.id}/summary"]
    rows[0]["translation"] = "Diğer ebeveynlerle tanışın"
    group.summary = "Meet other parents and carers"
    db.session.commit()
    preview = exchange.preview_import(exchange.read_rows(write_csv(rows)))
    assert preview.changes[0].english_changed
    exchange.import_rows(officer, exchange.read_rows(write_csv(rows)))
    summary = ct.localise(group, language="tr").summary
    assert summary.text == "Diğer ebeveynlerle tanışın" and summary.out_of_date


def test_checked_only_when_an_officer_says_so_and_reimporting_never_unchecks(listings, officer, make_user):
    group, _ = listings
    provider = make_user("provider@example.org", roles=("provider",))
    rows = [{"id": f"service/{group.id}/name", "language": "tr", "english": group.name, "translation": "Otizm"}]
    exchange.import_rows(provider, exchange.read_rows(write_csv(rows)), reviewed=True)
    assert translated()[("service", str(group.id), "name")][1] is False
    done = exchange.import_rows(officer, exchange.read_rows(write_csv(rows)), reviewed=True)
    assert [change.action for change in done.changes] == [exchange.CHECKED]
    assert translated()[("service", str(group.id), "name")][1] is True
    assert exchange.import_rows(officer, exchange.read_rows(write_csv(rows))).changes == []
    assert translated()[("service", str(group.id), "name")][1] is True


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    ("id,language,translation\n".encode("utf-16"), "UTF-8"),
    (b"identifier,text\nx,y\n", "columns"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xliff version="1.2"/>', "DOCTYPE"),
    (b"<xliff version='1.2'><file><body><trans-unit id='a'/></body></file></xliff>", "target-language"),
    (b"<xliff><unclosed>", "XLIFF"),
])
def test_unreadable_files_are_refused_as_a_whole(app, data, message):
    with pytest.raises(exchange.ImportFileError) as refused:
        exchange.read_rows(data)
    assert message in str(refused.value)
