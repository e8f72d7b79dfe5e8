"""The shortlist as a PDF download: its text (read back with pypdf), the date, the reader's language and
script, and the fonts behind it."""
from __future__ import annotations

import io
import re
from datetime import datetime

import pytest
import time_machine
from flask_babel import refresh
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from directory import pdf_fonts, shortlist
from directory.models import ARCHIVED, Location
from directory.shortlist_pdf import first_strong_direction
from portal.extensions import db

ARABIC_LETTERS = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")


@pytest.fixture
def swim(make_service):
    service = make_service("Riverside Swim Club", summary="Quiet swimming sessions.", phone="01632 960001",
                           email="swim@example.org", website="https://example.org/swim")
    service.locations.append(Location(organisation=service.organisation, name="Leisure Centre",
                                      address_1="1 High Street", city="Riverside", postcode="E8 1DY"))
    db.session.commit()
    return service


@pytest.fixture
def play(make_service, make_organisation):
    return make_service("Abney Play Scheme", summary="Holiday play.", phone="01632 960002",
                        organisation=make_organisation("Abney Play Association"))


def put_on_shortlist(client, *services) -> None:
    with client.session_transaction() as session:
        session[shortlist.SESSION_KEY] = [s.id.hex for s in services]


def download(client, language: str = "en"):
    refresh()  # the tests share one app context: forget the last request's language
    return client.get("/shortlist.pdf", headers={"Accept-Language": language})


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.data))
    return "\n".join(page.extract_text() for page in reader.pages)


def font_names(response) -> set[str]:
    reader = PdfReader(io.BytesIO(response.data))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


@time_machine.travel(datetime(2025, 6, 24, 12, 0), tick=False)
def test_the_pdf_is_a_dated_download_with_the_services_and_their_contact_details(client, swim, play):
    put_on_shortlist(client, swim, play)
    response = download(client)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="local-offer-shortlist-2025-06-24.pdf"'
    assert "no-store" in response.headers["Cache-Control"]
    text = pdf_text(response)
    for expected in ("Your shortlist", "Made on 24 June 2025", "2 services", "Riverside Swim Club",
                     "Provided by Riverside Family Support", "Quiet swimming sessions.", "01632 960001",
                     "swim@example.org", "https://example.org/swim", "1 High Street, Riverside, E8 1DY",
                     "Abney Play Scheme", "Abney Play Association", "01632 960002",
                     f"http://localhost/services/{swim.id}"):
        assert expected in text, expected
    assert text.index("Riverside Swim Club") < text.index("Abney Play Scheme")
    assert PdfReader(io.BytesIO(response.data)).trailer["/Root"]["/Lang"] == "en"
    assert font_names(response) == {"NotoSans", "NotoSansBold"}  # English needs no other script's font


def test_withdrawn_services_are_left_out(client, swim, play):
    put_on_shortlist(client, swim, play)
    play.status = ARCHIVED
    db.session.commit()
    text = pdf_text(download(client))
    assert "Riverside Swim Club" in text and "Abney Play Scheme" not in text and "1 service" in text


def test_an_empty_shortlist_has_nothing_to_download(client):
    response = download(client)
    assert response.status_code == 303 and response.headers["Location"] == "/shortlist"
    page = client.get("/shortlist").get_data(as_text=True)
    assert "Your shortlist is empty, so there is nothing to download yet." in page


@time_machine.travel(datetime(2025, 6, 24, 12, 0), tick=False)
def test_an_arabic_reader_gets_an_arabic_pdf(client, swim):
    put_on_shortlist(client, swim)
    response = download(client, "ar")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    assert "NotoSansArabic" in font_names(response)
    text = pdf_text(response)
    assert ARABIC_LETTERS.search(text), "no Arabic letters in the PDF's text"
    # The service's own (English) details come through beside the Arabic, numbers in their order.
    for expected in ("Riverside Swim Club", "01632 960001", "swim@example.org"):
        assert expected in text


@pytest.mark.parametrize("language, font", [
    ("ur", "NotoSansArabic"), ("bn", "NotoSansBengali"), ("pa", "NotoSansGurmukhi"), ("yi", "NotoSansHebrew"),
])
def test_each_script_gets_its_own_font(client, swim, language, font):
    put_on_shortlist(client, swim)
    response = download(client, language)
    assert response.status_code == 200
    names = font_names(response)
    # Babel writes the date with the language's month names, so its script's font is always used.
    assert any(name.startswith(font) for name in names), names
    assert "Riverside Swim Club" in pdf_text(response)


def test_the_pdf_builds_from_the_npm_fonts_when_the_converted_ones_are_missing(client, swim, tmp_path,
                                                                               monkeypatch):
    monkeypatch.setattr(pdf_fonts, "TTF_DIR", tmp_path / "no-fonts-here")
    assert pdf_fonts.font_file(pdf_fonts.LATIN, "").suffix == ".woff2"
    put_on_shortlist(client, swim)
    response = download(client)
    assert response.status_code == 200 and "Riverside Swim Club" in pdf_text(response)


def test_converting_the_fonts_writes_truetype(tmp_path):
    written = pdf_fonts.convert_all(tmp_path)
    assert len(written) == len(pdf_fonts.FAMILIES) * len(pdf_fonts.WEIGHTS)
    arabic = TTFont(tmp_path / pdf_fonts.ARABIC.ttf("").name)
    assert arabic.flavor is None and "glyf" in arabic and "GSUB" in arabic  # joining forms kept
    assert ord("ب") in arabic.getBestCmap()


def test_fonts_are_chosen_by_script():
    assert pdf_fonts.main_family("ar") is pdf_fonts.ARABIC
    assert pdf_fonts.main_family("ur") is pdf_fonts.ARABIC
    assert pdf_fonts.main_family("bn") is pdf_fonts.BENGALI
    assert pdf_fonts.main_family("pa") is pdf_fonts.GURMUKHI
    assert pdf_fonts.main_family("yi") is pdf_fonts.HEBREW
    assert pdf_fonts.main_family("tr") is pdf_fonts.LATIN
    assert pdf_fonts.family_for_text("Riverside Swim Club", pdf_fonts.ARABIC) is pdf_fonts.LATIN
    assert pdf_fonts.family_for_text("الهاتف: 01632", pdf_fonts.LATIN) is pdf_fonts.ARABIC
    assert pdf_fonts.family_for_text("01632 960001", pdf_fonts.HEBREW) is pdf_fonts.HEBREW
    assert pdf_fonts.needs_shaping("বাংলা") and pdf_fonts.needs_shaping("e\u0301")
    assert not pdf_fonts.needs_shaping("Zażółć gęślą jaźń, İstanbul")


def test_text_direction_follows_the_first_letter():
    assert first_strong_direction("Riverside") == "ltr"
    assert first_strong_direction("  12 الهاتف") == "rtl"
    assert first_strong_direction("01632 960001") is None
