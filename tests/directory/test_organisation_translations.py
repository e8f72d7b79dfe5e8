"""Organisations in other languages: their name and description, translated by their own providers and by
officers, shown on the organisation's page and wherever a listing names who provides it; exported and
imported like every other kind."""
from __future__ import annotations

import re

import pytest
from flask_babel import force_locale, gettext, refresh

from directory import content_translations as ct
from directory import translation_exchange as exchange
from directory.models import CONTENT_ORGANISATION, ContentTranslation
from portal.extensions import db


@pytest.fixture
def officer(make_user):
    return make_user("officer@example.org", roles=("officer",))


@pytest.fixture
def org(make_organisation):
    return make_organisation("Riverside Parents", description="A charity run by parents.\n\nWe meet weekly.")


@pytest.fixture
def group(make_service, org):
    return make_service("Autism family support group", summary="Meet other parents", organisation=org)


def page(client, path: str, language: str) -> str:
    refresh()
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def opening_tag_before(html: str, text: str) -> str:
    match = re.search(r"<(?!title)([a-z0-9]+)\b([^<>]*)>" + re.escape(text), html)
    assert match, f"{text!r} not found"
    return match.group(0)


def words(app, language: str, text: str) -> str:
    with app.test_request_context(), force_locale(language):
        return gettext(text)


def test_organisations_are_a_kind_of_record_to_translate(group, org):
    kind = ct.kind_of(CONTENT_ORGANISATION)
    assert list(kind.fields) == ["name", "description"]
    assert kind.records() == [org]  # organisations with a published listing


def test_the_organisation_page_shows_the_translation(app, client, group, org, officer):
    ct.save_translations(officer, CONTENT_ORGANISATION, org, "pl", {
        "name": "Rodzice z Riverside",
        "description": "Organizacja prowadzona przez rodziców.\n\nSpotykamy się co tydzień."}, reviewed=True)
    html = page(client, f"/organisations/{org.id}", "pl")
    assert "lang=" not in opening_tag_before(html, "Rodzice z Riverside")
    assert "<title>Rodzice z Riverside" in html
    assert '<p class="govuk-body">Organizacja prowadzona przez rodziców.</p>' in html
    assert '<p class="govuk-body">Spotykamy się co tydzień.</p>' in html
    assert "A charity run by parents." not in html
    about = html.split('id="main-content"')[1].split('class="app-results"')[0]  # not the listings' cards
    assert "app-language-note" not in about


def test_an_untranslated_organisation_is_english_marked_as_english(app, client, group, org):
    html = page(client, f"/organisations/{org.id}", "tr")
    assert 'lang="en"' in opening_tag_before(html, "Riverside Parents")
    assert '<div lang="en"><p class="govuk-body">A charity run by parents.' in html
    assert words(app, "tr", "This part is only in English") in html


def test_a_listing_names_its_organisation_in_the_readers_language(app, client, group, org, officer):
    ct.set_translation(officer, CONTENT_ORGANISATION, org, "tr", "name", "Riverside Ebeveynleri", reviewed=True)
    service_page = page(client, f"/services/{group.id}", "tr")
    assert service_page.count("Riverside Ebeveynleri") == 2  # above the name, and "Provided by"
    assert "Riverside Parents" not in service_page
    results = page(client, "/search?q=autism", "tr")
    assert "Riverside Ebeveynleri" in results
    untranslated = page(client, f"/services/{group.id}", "pl")
    assert 'lang="en"' in opening_tag_before(untranslated, "Riverside Parents")


def test_a_provider_translates_their_own_organisation(app, client, login, make_user, make_organisation, org, group):
    provider = login(make_user("provider@example.org", roles=("provider",), organisations=[org]))
    dashboard = client.get("/providers/").get_data(as_text=True)
    assert f'href="/providers/organisations/{org.id}/translations"' in dashboard
    overview = client.get(f"/providers/organisations/{org.id}/translations")
    assert overview.status_code == 200
    assert f'href="/providers/organisations/{org.id}/translations/pl"' in overview.get_data(as_text=True)
    response = client.post(f"/providers/organisations/{org.id}/translations/pl",
                           data={"name": "Rodzice z Riverside", "description": "Organizacja rodziców."})
    assert response.status_code == 302
    stored = ct.translations_for(CONTENT_ORGANISATION, org.id, "pl")
    assert stored["name"].text == "Rodzice z Riverside" and not stored["name"].reviewed
    assert stored["name"].updated_by_id == provider.id
    # Another organisation answers 404, as every provider page does.
    other = make_organisation("Someone Else")
    assert client.get(f"/providers/organisations/{other.id}/translations").status_code == 404
    assert client.post(f"/providers/organisations/{other.id}/translations/pl", data={"name": "X"}).status_code == 404


def test_officers_see_organisations_on_the_translation_pages_and_export_them(client, login, officer, org, group):
    login(officer)
    records = client.get("/review/translations/organisation?language=tr").get_data(as_text=True)
    assert "Riverside Parents" in records
    assert f"/review/translations/organisation/{org.id}/tr" in records
    units = exchange.export_units("tr", exchange.SCOPE_ALL, [CONTENT_ORGANISATION])
    assert {unit.id for unit in units} == {f"organisation/{org.id}/name", f"organisation/{org.id}/description"}
    rows = [exchange.Row(2, f"organisation/{org.id}/name", "tr", "Riverside Parents", "Riverside Ebeveynleri")]
    exchange.import_rows(officer, rows)
    assert ct.translations_for(CONTENT_ORGANISATION, org.id, "tr")["name"].text == "Riverside Ebeveynleri"


def test_deleting_an_organisation_deletes_its_translations(officer, make_organisation):
    lonely = make_organisation("Lonely Trust")
    ct.set_translation(officer, CONTENT_ORGANISATION, lonely, "tr", "name", "Yalnız Vakıf")
    db.session.delete(lonely)
    db.session.commit()
    assert db.session.query(ContentTranslation).filter_by(kind=CONTENT_ORGANISATION).count() == 0
