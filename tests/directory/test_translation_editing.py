"""Translating through the pages: providers for their own listings, officers for everything; who may do what."""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from directory import content_translations as ct
from directory import translation_exchange as exchange
from directory.models import ContentTranslation, TaxonomyTerm
from directory.taxonomy import term_id
from portal.extensions import db


@pytest.fixture
def people(make_user, make_organisation, make_service):
    acme = make_organisation("Acme Therapies")
    beta = make_organisation("Beta Youth Club")
    service = make_service("Acme Speech Clinic", summary="Speech therapy for children",
                           description="Weekly sessions.", organisation=acme)
    return {
        "service": service,
        "provider_a": make_user("a@acme.example.org", roles=("provider",), organisations=[acme]),
        "provider_b": make_user("b@beta.example.org", roles=("provider",), organisations=[beta]),
        "forum": make_user("forum@example.org", roles=("forum_member",)),
        "officer": make_user("officer@example.org", roles=("officer",)),
    }


def stored(language: str = "tr") -> dict:
    return {(row.field): (row.text, row.reviewed) for row in db.session.scalars(
        select(ContentTranslation).where(ContentTranslation.language == language))}


def editor(service) -> str:
    return f"/providers/listings/{service.id}/translations/tr"


def test_a_provider_translates_their_own_listing_unchecked(client, login, people):
    login(people["provider_a"])
    service = people["service"]
    overview = client.get(f"/providers/listings/{service.id}/translations")
    assert overview.status_code == 200 and editor(service) in overview.get_data(as_text=True)
    form = client.get(editor(service)).get_data(as_text=True)
    assert 'lang="tr"' in form and "Speech therapy for children" in form
    assert 'name="reviewed"' not in form  # only officers can say a fluent speaker checked it
    response = client.post(editor(service), data={"name": "Acme Konuşma Kliniği", "summary": "Çocuklar için",
                                                  "description": "", "reviewed": "y"})
    assert response.status_code == 302
    assert stored() == {"name": ("Acme Konuşma Kliniği", False), "summary": ("Çocuklar için", False)}


def test_only_officers_tick_checked(client, login, people):
    login(people["officer"])
    service = people["service"]
    assert 'name="reviewed"' in client.get(editor(service)).get_data(as_text=True)
    client.post(editor(service), data={"name": "Acme Konuşma Kliniği", "reviewed": "y"})
    assert stored()["name"] == ("Acme Konuşma Kliniği", True)


def test_too_long_shows_the_form_again_with_the_words_and_an_error_summary(client, login, people):
    login(people["provider_a"])
    response = client.post(editor(people["service"]), data={"name": "x" * 301, "summary": "Çocuklar için"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "govuk-error-summary" in html and 'href="#translation-name"' in html and "Çocuklar için" in html
    assert stored() == {}


def test_another_organisations_provider_is_told_it_does_not_exist(client, login, people):
    login(people["provider_b"])
    service = people["service"]
    assert client.get(f"/providers/listings/{service.id}/translations").status_code == 404
    assert client.get(editor(service)).status_code == 404
    assert client.post(editor(service), data={"name": "Sneaky"}).status_code == 404
    assert stored() == {}


def test_anonymous_visitors_are_sent_to_sign_in(client, people):
    service = people["service"]
    for method, path in [("GET", editor(service)), ("POST", editor(service)), ("GET", "/review/translations"),
                         ("GET", "/review/translations/export"), ("POST", "/review/translations/import")]:
        response = client.open(path, method=method, data={"name": "Sneaky"})
        assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in"), path
    assert stored() == {}


@pytest.mark.parametrize("who", ["provider_a", "forum"])
def test_officer_pages_refuse_everyone_else(client, login, people, who):
    login(people[who])
    term = term_id("need", "autism")
    for method, path in [("GET", "/review/translations"), ("GET", "/review/translations/term"),
                         ("GET", f"/review/translations/term/{term}/tr"),
                         ("POST", f"/review/translations/term/{term}/tr"),
                         ("GET", "/review/translations/export?language=tr&scope=all&format=csv"),
                         ("POST", "/review/translations/import")]:
        assert client.open(path, method=method, data={"name": "Otizm"}).status_code == 403, path
    assert stored() == {}


def test_an_unknown_language_or_kind_is_404(client, login, people):
    login(people["officer"])
    assert client.get(f"/providers/listings/{people['service'].id}/translations/en").status_code == 404
    assert client.get(f"/providers/listings/{people['service'].id}/translations/xx").status_code == 404
    assert client.get("/review/translations/nonsense").status_code == 404
    assert client.get("/review/translations/term/not-a-term/tr").status_code == 404


def test_officers_see_coverage_and_translate_terms(client, login, people):
    login(people["officer"])
    page = client.get("/review/translations?lacking=tr").get_data(as_text=True)
    assert "Acme Speech Clinic" in page and editor(people["service"]) in page
    term = db.session.get(TaxonomyTerm, term_id("need", "autism"))
    listing = client.get("/review/translations/term?language=tr").get_data(as_text=True)
    path = f"/review/translations/term/{term.id}/tr"
    assert path in listing
    assert client.post(path, data={"name": "Otizm", "description": "Otizm spektrum durumu", "reviewed": "y"}
                       ).status_code == 302
    assert ct.localise_term(term, language="tr").name.text == "Otizm"


def test_export_download_and_import_through_the_pages(client, login, people):
    login(people["officer"])
    empty = client.get("/review/translations/export?language=&scope=all&format=csv")
    assert empty.status_code == 400 and "govuk-error-summary" in empty.get_data(as_text=True)
    download = client.get("/review/translations/export?language=tr&scope=missing&format=csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert "attachment" in download.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    service_rows = [row for row in rows if row["id"].startswith("service/")]
    for row in service_rows:
        row["translation"] = "TR " + row["english"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=exchange.CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(service_rows)
    upload = client.post("/review/translations/import", content_type="multipart/form-data", data={
        "file": (io.BytesIO(out.getvalue().encode()), "tr.csv")})
    assert upload.status_code == 302
    preview_url = upload.headers["Location"]
    preview = client.get(preview_url).get_data(as_text=True)
    assert "TR Speech therapy for children" in preview and stored() == {}
    assert client.post(preview_url).status_code == 302
    assert stored()["summary"] == ("TR Speech therapy for children", False)
    xliff = client.get("/review/translations/export?language=tr&scope=all&format=xliff")
    assert xliff.status_code == 200 and b"urn:oasis:names:tc:xliff:document:1.2" in xliff.data


def test_an_import_with_bad_rows_lists_them_and_imports_nothing(client, login, people):
    login(people["officer"])
    data = (f"id,language,translation\nservice/{people['service'].id}/name,tr,Klinik\n"
            "service/nope/name,tr,Yok\n").encode()
    upload = client.post("/review/translations/import", content_type="multipart/form-data",
                         data={"file": (io.BytesIO(data), "tr.csv")})
    preview = client.get(upload.headers["Location"])
    assert preview.status_code == 400
    html = preview.get_data(as_text=True)
    assert "govuk-error-summary" in html and "Row 3" in html
    assert client.post(upload.headers["Location"]).status_code == 409
    assert stored() == {}


def test_an_unreadable_upload_is_an_error_on_the_file_field(client, login, people):
    login(people["officer"])
    response = client.post("/review/translations/import", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(b"just,some\ncells,here\n"), "x.csv")})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'href="#import-file"' in html and "columns" in html
    missing = client.post("/review/translations/import", content_type="multipart/form-data", data={})
    assert missing.status_code == 400
