"""`flask translations export LANG FILE [--format csv|xliff] [--all]` and
`flask translations import FILE [--commit] [--checked]`: the officers' export and import, from the command line."""
from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import func, select

from directory import content_translations as ct
from directory import translation_exchange as exchange
from directory.models import CONTENT_ORGANISATION, CONTENT_SERVICE, ContentTranslation
from portal.extensions import db


@pytest.fixture(autouse=True)
def instance_in_tmp(app, tmp_path):
    app.instance_path = str(tmp_path / "instance")


@pytest.fixture
def group(make_service, make_organisation):
    return make_service("Autism family support group", summary="Meet other parents",
                        description="We meet on Saturdays.", organisation=make_organisation("Riverside Parents"))


def stored_count() -> int:
    return db.session.scalar(select(func.count()).select_from(ContentTranslation))


def csv_rows(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_export_writes_the_missing_strings_as_csv(runner, group, tmp_path):
    out = tmp_path / "pl.csv"
    result = runner.invoke(args=["translations", "export", "pl", str(out)])
    assert result.exit_code == 0, result.output
    rows = csv_rows(out)
    ids = {row["id"] for row in rows}
    assert f"service/{group.id}/summary" in ids and f"organisation/{group.organisation_id}/name" in ids
    assert {row["language"] for row in rows} == {"pl"}
    assert f"Wrote {len(rows)} strings in pl (CSV) to {out}." in result.output
    assert out.read_bytes().startswith("\ufeff".encode("utf-8"))  # spreadsheets read every script


def test_export_as_xliff_by_the_files_ending_or_the_option(runner, group, tmp_path):
    for path, extra in ((tmp_path / "ar.xlf", []), (tmp_path / "ar.txt", ["--format", "xliff"])):
        result = runner.invoke(args=["translations", "export", "ar", str(path), *extra])
        assert result.exit_code == 0, result.output
        root = ET.fromstring(path.read_bytes())
        file_el = root.find("x:file", {"x": exchange.XLIFF_NS})
        assert file_el.get("target-language") == "ar"
        ids = {unit.get("id") for unit in root.iter(f"{{{exchange.XLIFF_NS}}}trans-unit")}
        assert f"service/{group.id}/name" in ids


def test_export_only_lacking_strings_unless_all(runner, group, tmp_path):
    ct.set_translation(None, CONTENT_SERVICE, group, "tr", "summary", "Diğer ebeveynlerle tanışın")
    missing, everything = tmp_path / "missing.csv", tmp_path / "all.csv"
    runner.invoke(args=["translations", "export", "tr", str(missing)])
    runner.invoke(args=["translations", "export", "tr", str(everything), "--all"])
    assert f"service/{group.id}/summary" not in {row["id"] for row in csv_rows(missing)}
    assert [row["translation"] for row in csv_rows(everything) if row["id"] == f"service/{group.id}/summary"] == [
        "Diğer ebeveynlerle tanışın"]


def test_export_refuses_a_language_content_is_not_translated_into(runner, group, tmp_path):
    for language in ("en", "xx"):
        result = runner.invoke(args=["translations", "export", language, str(tmp_path / "out.csv")])
        assert result.exit_code != 0
        assert "is not a language content is translated into" in result.output
    assert not (tmp_path / "out.csv").exists()


def test_export_to_the_screen(runner, group):
    result = runner.invoke(args=["translations", "export", "so", "-"])
    assert result.exit_code == 0, result.output
    assert "id,language,context,english,translation" in result.output
    assert f"service/{group.id}/name" in result.output


def test_import_previews_then_commits_and_twice_changes_nothing(runner, group, tmp_path):
    out = tmp_path / "pl.csv"
    runner.invoke(args=["translations", "export", "pl", str(out)])
    rows = csv_rows(out)
    for row in rows:
        if row["id"] == f"service/{group.id}/summary":
            row["translation"] = "Poznaj innych rodziców"
        if row["id"] == f"organisation/{group.organisation_id}/name":
            row["translation"] = "Rodzice z Riverside"
    filled = tmp_path / "pl-done.csv"
    with open(filled, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=exchange.CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)

    preview = runner.invoke(args=["translations", "import", str(filled)])
    assert preview.exit_code == 0, preview.output
    assert "2 to add or change" in preview.output
    assert f"service/{group.id}/summary" in preview.output and "Poznaj innych rodziców" in preview.output
    assert "Nothing was written: run again with --commit to import." in preview.output
    assert stored_count() == 0

    done = runner.invoke(args=["translations", "import", str(filled), "--commit"])
    assert done.exit_code == 0, done.output
    assert "Imported 2 translations." in done.output
    assert ct.localise(group, CONTENT_SERVICE, "pl").summary.text == "Poznaj innych rodziców"
    organisation = ct.translations_for(CONTENT_ORGANISATION, group.organisation_id, "pl")["name"]
    assert organisation.text == "Rodzice z Riverside" and not organisation.reviewed

    again = runner.invoke(args=["translations", "import", str(filled), "--commit"])
    assert again.exit_code == 0, again.output
    assert "0 to add or change, 2 already so" in again.output and "Imported 0 translations." in again.output
    assert stored_count() == 2


def test_import_checked_marks_translations_checked(runner, group, tmp_path):
    path = tmp_path / "tr.csv"
    path.write_text("id,language,translation\n" f"service/{group.id}/name,tr,Otizm aile destek grubu\n",
                    encoding="utf-8")
    result = runner.invoke(args=["translations", "import", str(path), "--commit", "--checked"])
    assert result.exit_code == 0, result.output
    assert ct.translations_for(CONTENT_SERVICE, group.id, "tr")["name"].reviewed


def test_a_file_with_problems_imports_nothing(runner, group, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,language,translation\n"
                    f"service/{group.id}/name,tr,Otizm aile destek grubu\n"
                    "service/not-a-record/name,tr,Hiçbir şey\n"
                    f"service/{group.id}/summary,xx,Something\n", encoding="utf-8")
    result = runner.invoke(args=["translations", "import", str(path), "--commit"])
    assert result.exit_code == 1
    assert "Row 3:" in result.output and "Row 4:" in result.output
    assert "2 problems. Nothing was imported" in result.output
    assert stored_count() == 0


def test_a_file_that_cannot_be_read_is_refused(runner, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    result = runner.invoke(args=["translations", "import", str(path)])
    assert result.exit_code != 0 and "The file is empty." in result.output
    doctype = tmp_path / "evil.xlf"
    doctype.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><xliff version="1.2"/>', encoding="utf-8")
    result = runner.invoke(args=["translations", "import", str(doctype)])
    assert result.exit_code != 0 and "DOCTYPE" in result.output


def test_the_xliff_export_imports_back(runner, group, tmp_path):
    path = tmp_path / "ro.xlf"
    runner.invoke(args=["translations", "export", "ro", str(path)])
    root = ET.fromstring(path.read_bytes())
    for unit in root.iter(f"{{{exchange.XLIFF_NS}}}trans-unit"):
        target = unit.find(f"{{{exchange.XLIFF_NS}}}target")
        target.text = "RO " + unit.find(f"{{{exchange.XLIFF_NS}}}source").text
    path.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
    result = runner.invoke(args=["translations", "import", str(path), "--commit"])
    assert result.exit_code == 0, result.output
    assert ct.localise(group, CONTENT_SERVICE, "ro").name.text == "RO Autism family support group"
