"""Interface languages: the locale selection order, the switcher, right-to-left markup, locale formats."""
import re
from datetime import date

import pytest
from flask_babel import force_locale, format_date, format_decimal

from portal.extensions import db
from portal.i18n import language_name
from portal.models import TranslationReport

RTL = {"ar", "ur", "yi"}


def html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


def test_english_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in html_tag(page)
    assert 'dir="ltr"' in html_tag(page)


def test_the_browser_language_is_used_when_nothing_was_chosen(client):
    page = client.get("/", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert 'lang="pl"' in html_tag(page)


def test_an_unknown_browser_language_falls_back_to_english(client):
    page = client.get("/", headers={"Accept-Language": "fr-FR,de;q=0.8"}).get_data(as_text=True)
    assert 'lang="en"' in html_tag(page)


def test_a_language_link_is_remembered_and_beats_the_browser(client):
    response = client.get("/search?q=autism&lang=ar", headers={"Accept-Language": "pl"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/search?q=autism")  # same page, clean address
    page = client.get("/search?q=autism", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert 'lang="ar"' in html_tag(page)


def test_an_unknown_language_link_changes_nothing(client):
    response = client.get("/?lang=xx")
    assert response.status_code == 303
    page = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in html_tag(page)


def test_a_signed_in_persons_saved_choice_wins(client, login, make_user):
    user = login(make_user("amira@example.org", roles=["forum_member"]))
    user.language = "tr"
    db.session.commit()
    with client.session_transaction() as session:
        session["language"] = "ar"
    page = client.get("/", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert 'lang="tr"' in html_tag(page)


def test_choosing_a_language_while_signed_in_saves_it(client, login, make_user):
    user = login(make_user("amira@example.org", roles=["forum_member"]))
    client.get("/?lang=bn")
    db.session.refresh(user)
    assert user.language == "bn"
    page = client.get("/account").get_data(as_text=True)
    assert 'lang="bn"' in html_tag(page)
    assert "বাংলা" in page


@pytest.mark.parametrize("code", ["ar", "ur", "yi", "pl", "pa"])
def test_text_direction_follows_the_language(client, code):
    client.get(f"/?lang={code}")
    page = client.get("/").get_data(as_text=True)
    expected = "rtl" if code in RTL else "ltr"
    assert f'dir="{expected}"' in html_tag(page)
    stylesheet = "dist/app.rtl.css" if code in RTL else "dist/app.css"
    assert f'href="/static/{stylesheet}"' in page


def test_the_switcher_names_every_language_in_itself(app, client):
    page = client.get("/search?q=speech&age=9").get_data(as_text=True)
    switcher = page[page.index('class="app-languages"'):page.index("</nav>", page.index('class="app-languages"'))]
    for code in app.config["LANGUAGES"]:
        name = language_name(code)
        if code == "en":
            assert f'<span class="app-languages__current" lang="en" dir="ltr" aria-current="true">{name}</span>' in switcher
            continue
        direction = "rtl" if code in RTL else "ltr"
        assert (f'href="/search?q=speech&amp;age=9&amp;lang={code}" lang="{code}" hreflang="{code}" '
                f'dir="{direction}">{name}</a>') in switcher
    for native in ("Polski", "Română", "Türkçe", "العربية", "اردو", "বাংলা", "ਪੰਜਾਬੀ", "Soomaali", "ייִדיש"):
        assert native in switcher


def test_unchecked_translations_say_so_and_english_does_not(client):
    english = client.get("/").get_data(as_text=True)
    assert "A computer translated this page" not in english
    client.get("/?lang=so")
    somali = client.get("/").get_data(as_text=True)
    assert 'href="/translations?page=' in somali


def test_dates_and_numbers_follow_the_locale(app):
    with app.test_request_context():
        with force_locale("en_GB"):
            assert format_date(date(2026, 6, 24), "long") == "24 June 2026"
        with force_locale("pl"):
            assert "czerwca" in format_date(date(2026, 6, 24), "long")
            assert format_decimal(1234.5) == "1\xa0234,5"  # a space groups thousands, a comma marks decimals
        with force_locale("ar"):
            assert "يونيو" in format_date(date(2026, 6, 24), "long")
        with force_locale("bn"):
            assert "জুন" in format_date(date(2026, 6, 24), "long")


# --- About our translations, and reports of bad ones ----------------------------------------------------

def test_the_translations_page_says_who_translated_and_whether_checked(client):
    page = client.get("/translations").get_data(as_text=True)
    assert "About our translations" in page
    assert page.count("Not yet") >= 10  # no catalogue has been checked by a fluent speaker yet
    assert 'lang="ar" dir="rtl">العربية</span>' in page


def test_a_report_keeps_the_readers_words_when_something_is_missing(client):
    response = client.post("/translations", data={"language": "pl", "problem": "", "suggestion": "Szukaj usług",
                                                  "page": "/search", "email": "not an email"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert "Tell us what is wrong with the translation" in page
    assert "Enter an email address in the correct format" in page
    assert "Szukaj usług" in page and 'value="/search"' in page
    assert db.session.query(TranslationReport).count() == 0


def test_a_report_reaches_the_officers_queue(client, login, make_user):
    response = client.post("/translations", data={"language": "ur", "problem": "The search button says “send”",
                                                  "page": "/search"})
    assert response.status_code == 200
    assert "Thank you for your report" in response.get_data(as_text=True)
    report = db.session.query(TranslationReport).one()
    assert (report.language, report.page, report.status) == ("ur", "/search", "new")

    login(make_user("officer@example.org", roles=["officer"]))
    queue = client.get("/translations/reports").get_data(as_text=True)
    assert "The search button says “send”" in queue
    assert "اردو" in queue
    client.post(f"/translations/reports/{report.id}/done")
    db.session.refresh(report)
    assert report.status == "done"
    assert "There are no reports waiting" in client.get("/translations/reports").get_data(as_text=True)


def test_robots_filling_the_honeypot_store_nothing(client):
    response = client.post("/translations", data={"language": "pl", "problem": "spam", "website": "http://x"})
    assert response.status_code == 200
    assert db.session.query(TranslationReport).count() == 0


def test_only_officers_see_the_reports(client, login, make_user):
    assert client.get("/translations/reports").status_code == 302  # to sign in
    login(make_user("parent@example.org", roles=["forum_member"]))
    assert client.get("/translations/reports").status_code == 403
    assert client.post("/translations/reports/1/done").status_code == 403


def test_an_unknown_language_in_a_report_is_refused(client):
    response = client.post("/translations", data={"language": "xx", "problem": "wrong"})
    assert response.status_code == 400
    assert "Select the language the translation is in" in response.get_data(as_text=True)
