"""The site layout (our header and footer around GOV.UK Frontend), the about and
accessibility pages, and the error pages."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
from flask import render_template
from sqlalchemy import event

from portal.extensions import db

TITLE_SUFFIX = " – Local Offer – Riverside Borough Council"


class Page(HTMLParser):
    """Just enough of a parsed page for these tests: every start tag, and the text of h1s and the title."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.h1s: list[str] = []
        self.title = ""
        self._open: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("h1", "title"):
            self._open = tag
            if tag == "h1":
                self.h1s.append("")

    def handle_endtag(self, tag):
        if tag == self._open:
            self._open = None

    def handle_data(self, data):
        if self._open == "h1":
            self.h1s[-1] += data
        elif self._open == "title":
            self.title += data

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        """Start tags named `tag` whose attributes include all of `attrs` (class_ matches one class)."""
        found = []
        for name, tag_attrs in self.tags:
            if name != tag:
                continue
            ok = True
            for key, value in attrs.items():
                if key == "class_":
                    ok = ok and value in (tag_attrs.get("class") or "").split()
                else:
                    ok = ok and tag_attrs.get(key) == value
            if ok:
                found.append(tag_attrs)
        return found


def get_page(client, url: str, status: int = 200, **kwargs) -> tuple[Page, str]:
    response = client.get(url, **kwargs)
    assert response.status_code == status, url
    html = response.get_data(as_text=True)
    return Page(html), html


@pytest.mark.parametrize("url, h1", [
    ("/about", "About the Local Offer"),
    ("/accessibility", "Accessibility statement for the Local Offer"),
])
def test_page_has_one_h1_and_a_matching_title(client, url, h1):
    page, _ = get_page(client, url)
    assert [text.strip() for text in page.h1s] == [h1]
    assert page.title.strip().endswith(TITLE_SUFFIX)


@pytest.mark.parametrize("url", ["/about", "/accessibility"])
def test_layout_frame(client, url):
    page, html = get_page(client, url)
    (html_tag,) = page.find("html")
    assert html_tag["lang"] == "en"
    assert html_tag["dir"] == "ltr"

    # The skip link is the first link on the page and its target is <main>.
    first_link = next(attrs for tag, attrs in page.tags if tag == "a")
    assert first_link["href"] == "#main-content"
    assert "govuk-skip-link" in first_link["class"]
    assert len(page.find("main", id="main-content")) == 1

    assert page.find("link", rel="stylesheet", href="/static/dist/app.css")
    assert page.find("script", type="module", src="/static/dist/app.js")
    assert len(page.find("header")) == 1 and len(page.find("footer")) == 1


@pytest.mark.parametrize("url", ["/about", "/accessibility"])
def test_no_gov_uk_branding(client, url):
    page, html = get_page(client, url)
    assert "GOV.UK" not in html
    assert "crown" not in html.lower()
    assert "govuk-header" not in html and "govuk-footer" not in html and "govuk-logo" not in html
    # No GOV.UK icons or images: only our own favicon.
    assert "/assets/" not in html
    icons = page.find("link", rel="icon")
    assert [icon["href"] for icon in icons] == ["/static/dist/images/favicon.svg"]
    # The header's only image is our own logo mark, hidden from screen readers
    # because the council's name is written next to it.
    svgs = page.find("svg")
    assert len(svgs) == 1 and svgs[0]["aria-hidden"] == "true"


def test_header_navigation_marks_the_current_page(client):
    page, _ = get_page(client, "/about")
    assert page.find("a", class_="app-header__home-link", href="/")
    nav_links = page.find("a", class_="govuk-service-navigation__link")
    assert [link["href"] for link in nav_links] == ["/search", "/needs", "/glossary", "/about", "/feedback/public",
                                                  "/shortlist"]
    assert [link.get("aria-current") for link in nav_links] == [None, None, None, "page", None, None]


def test_footer_links_and_contact_details(client):
    page, html = get_page(client, "/accessibility")
    footer = html[html.index("<footer"):html.index("</footer>")]
    assert 'href="/accessibility"' in footer
    assert 'href="/about"' in footer
    assert 'href="mailto:localoffer@riverside.example.org"' in footer
    assert 'href="tel:01632960000"' in footer
    assert "© Riverside Borough Council (fictional)" in footer


def test_about_page_explains_the_law_and_how_to_give_feedback(client):
    page, html = get_page(client, "/about")
    assert "Children and Families Act 2014" in html
    assert "Special Educational Needs and Disability Regulations 2014" in html
    assert "0 to 25" in html
    assert page.find("h2", id="contact") and page.find("h2", id="feedback")


def test_accessibility_statement_is_honest_about_testing(client):
    _, html = get_page(client, "/accessibility")
    assert "WCAG" in html and "2.2" in html
    assert "Equality Advisory and Support Service" in html
    assert "Equality and Human Rights Commission" in html
    assert "Testing is still in progress" in html
    assert "fully compliant" not in html
    assert "This statement was prepared on" in html


def test_right_to_left_language_sets_dir(app, client):
    app.config["LANGUAGES"] = ["en", "ar"]
    page, _ = get_page(client, "/about", headers={"Accept-Language": "ar"})
    (html_tag,) = page.find("html")
    assert html_tag["lang"] == "ar"
    assert html_tag["dir"] == "rtl"


def test_flashed_messages_show_as_notification_banners(client):
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Your feedback has been sent"), ("message", "Something to know"),
                               ("success", "And a second success")]
    page, html = get_page(client, "/about")
    banners = page.find("div", class_="govuk-notification-banner")
    assert len(banners) == 2
    # One banner per category, in the order first flashed.
    assert [b["role"] for b in banners] == ["alert", "region"]
    assert html.index("Your feedback has been sent") < html.index("And a second success") < html.index("Something to know")
    assert html.index("govuk-notification-banner") < html.index("<h1")
    # Shown once only.
    _, html = get_page(client, "/about")
    assert "govuk-notification-banner" not in html


def test_not_found_page(client):
    page, html = get_page(client, "/does-not-exist", status=404)
    assert [text.strip() for text in page.h1s] == ["Page not found"]
    assert page.title.strip() == "Page not found" + TITLE_SUFFIX
    assert "If you typed the web address, check it is correct." in html
    assert page.find("a", href="/search")
    assert page.find("a", href="mailto:localoffer@riverside.example.org")
    assert "GOV.UK" not in html


def test_method_not_allowed_uses_the_bad_request_page(client):
    response = client.post("/about")
    assert response.status_code == 405
    page = Page(response.get_data(as_text=True))
    assert [text.strip() for text in page.h1s] == ["Sorry, there is a problem with that request"]


def test_server_error_page_needs_no_database(app):
    queries = []

    def count(*args):
        queries.append(args)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with app.test_request_context("/broken"):
            html = render_template("errors/500.html")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    page = Page(html)
    assert [text.strip() for text in page.h1s] == ["Sorry, there is a problem with the service"]
    assert "localoffer@riverside.example.org" in html
    assert queries == []
