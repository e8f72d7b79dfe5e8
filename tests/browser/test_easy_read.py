"""Easy read, glossary links and reading advice in a real browser, every page checked with axe-core."""
from __future__ import annotations

import re

from .conftest import PROVIDER_EMAIL

# A long, hard summary: the editor advises on it, and saves it all the same.
HARD_SUMMARY = ("Our multidisciplinary inclusive recreational programme facilitates comprehensive participation "
                "opportunities for individuals experiencing physical impairments, incorporating specialised "
                "adaptive equipment administered by appropriately qualified practitioners.")


def switch_text(page) -> str:
    return page.locator(".app-easy-read-switch").inner_text()


def test_a_family_turns_easy_read_on_and_off(page, axe):
    page.goto("/search?q=short+breaks")
    assert "Easy read: off" in switch_text(page)
    axe.check(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Turn on easy read").click()
    assert "Easy read: on" in switch_text(page)
    assert "q=short+breaks" in page.url and "easy_read" not in page.url  # the same search, a clean address
    cards_with_easy_read = page.locator(".app-result:has(ul.app-easy-read)")
    assert cards_with_easy_read.count() >= 1
    axe.check(page)

    with page.expect_navigation():
        cards_with_easy_read.first.locator(".app-result__title a").click()
    lines = page.locator("ul.app-easy-read--lead > li").all_inner_texts()
    assert len(lines) >= 2 and all(line.strip() for line in lines)
    assert "Easy read: on" in switch_text(page)
    axe.check(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Turn off easy read").click()
    assert "Easy read: off" in switch_text(page)
    assert page.locator("ul.app-easy-read--lead").count() == 0
    axe.check(page)


def test_a_glossary_term_in_a_listing_leads_to_its_meaning(page, axe):
    page.goto("/search?q=EHC+plan")
    axe.check(page)
    with page.expect_navigation():
        page.locator(".app-result__title a").first.click()
    axe.check(page)
    term = page.locator("main a.app-glossary-term").first
    href = term.get_attribute("href")
    assert re.fullmatch(r"/glossary#[\w-]+", href)
    term.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    anchor = href.split("#", 1)[1]
    assert page.locator(f"[id='{anchor}']").is_visible()
    axe.check(page)


def test_a_provider_sees_reading_advice_and_the_summary_still_saves(new_page, axe, signed_in_state):
    page = new_page(storage_state=signed_in_state(PROVIDER_EMAIL))
    page.goto("/providers/")
    axe.check(page)
    edit = page.get_by_role("link", name=re.compile(r"^Edit .*Football"))
    with page.expect_navigation():
        edit.first.click()
    axe.check(page)
    with page.expect_navigation():
        page.get_by_role("link", name="About the service").click()
    axe.check(page)
    page.get_by_label("Summary", exact=True).fill(HARD_SUMMARY)
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()
    banners = page.locator(".govuk-notification-banner").all_inner_texts()
    assert any("Saved: About the service" in text for text in banners)
    assert any("may be hard for families to read" in text for text in banners)
    axe.check(page)

    with page.expect_navigation():
        page.get_by_role("link", name="About the service").click()
    advice = page.locator("#summary-readability").inner_text()
    assert "Long words: multidisciplinary" in advice and "Aim for 60 or more" in advice
    assert page.get_by_label("Summary", exact=True).input_value() == HARD_SUMMARY
    axe.check(page)

    page.goto(page.url.rsplit("/", 1)[0] + "/check")
    assert "Could the summary be easier to read?" in page.locator("#summary-readability").inner_text()
    axe.check(page)
