"""The shortlist and the printable directory in a real browser, every page checked with axe-core.

The search page's buttons submit a form outside the filters form (HTML's `form` attribute), which only a
real browser can show works; the print stylesheet is checked with the browser's print media."""
from __future__ import annotations

import io
import re

from pypdf import PdfReader


def banner(page) -> str:
    return page.locator(".govuk-notification-banner").inner_text()


def test_a_family_shortlists_services_then_prints_downloads_and_emails_them(page, axe):
    page.goto("/search?q=autism")
    axe.check(page)
    card = page.locator(".app-result").first
    first_name = card.locator(".app-result__title a").inner_text()
    with page.expect_navigation():
        card.get_by_role("button", name=re.compile(r"^Add to shortlist")).click()
    assert page.url.endswith("/search?q=autism")  # back where they were
    assert f"“{first_name}” is on your shortlist." in banner(page)
    assert page.locator(".app-result").first.get_by_role("button", name=re.compile(r"^Remove from shortlist")).count() == 1
    assert page.get_by_role("link", name="Shortlist (1)").count() == 1
    axe.check(page)

    with page.expect_navigation():
        page.locator(".app-result__title a").nth(1).click()
    second_name = page.locator("h1").inner_text()
    axe.check(page)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Add to shortlist")).click()
    assert f"“{second_name}” is on your shortlist." in banner(page)
    axe.check(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Shortlist (2)").click()
    main = page.locator("main").inner_text()
    assert first_name in main and second_name in main
    axe.check(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Print your shortlist").click()
    assert first_name in page.locator("main").inner_text()
    axe.check(page)
    page.emulate_media(media="print")
    assert not page.locator(".app-service-navigation").is_visible()
    assert not page.locator(".app-footer__links").is_visible()
    assert not page.get_by_role("link", name="Back to your shortlist").is_visible()
    assert page.locator(".app-printable__item").first.is_visible()
    page.emulate_media(media="screen")

    page.goto("/shortlist")
    axe.check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your shortlist (PDF)").click()
    assert re.fullmatch(r"local-offer-shortlist-\d{4}-\d{2}-\d{2}\.pdf", download.value.suggested_filename)
    with open(download.value.path(), "rb") as fh:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages)
    assert first_name in text.replace("\n", " ") and second_name in text.replace("\n", " ")

    page.get_by_label("Email address").fill("not an email")
    with page.expect_navigation():
        page.get_by_role("button", name="Send email").click()
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Email address").input_value() == "not an email"
    axe.check(page)
    page.get_by_label("Email address").fill("parent@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Send email").click()
    assert "We have emailed your shortlist." in banner(page)
    axe.check(page)

    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Remove from shortlist")).first.click()
    assert "removed from your shortlist" in banner(page)
    assert page.get_by_role("link", name="Shortlist (1)").count() == 1
    axe.check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Clear shortlist").click()
    assert "Your shortlist is empty." in page.locator("main").inner_text()
    axe.check(page)


def test_a_category_prints_as_a_directory_with_easy_read(page, axe):
    page.goto("/categories/short-breaks")
    axe.check(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Print this list").click()
    assert page.locator("h1").inner_text() == "Printable list of services"
    assert page.locator(".app-printable__item").count() >= 5
    axe.check(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Include easy-read summaries").click()
    assert page.locator(".app-printable__easy-read").count() >= 1
    axe.check(page)
    page.emulate_media(media="print")
    assert not page.get_by_role("link", name="Leave out easy-read summaries").is_visible()
    assert page.locator(".app-printable__easy-read").first.is_visible()
    page.emulate_media(media="screen")
    with page.expect_navigation():
        page.get_by_role("link", name="Leave out easy-read summaries").click()  # and easy read off again
    axe.check(page)
