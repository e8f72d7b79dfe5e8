"""Journeys 1 and 3 again with the keyboard alone: Tab, Shift+Tab, Enter, Space and typing.

On every page: the first Tab stop is the skip link and it moves focus to <main>; every element that takes
focus shows it (its look changes: GOV.UK's yellow, an outline, a shadow or a border); Tab reaches the
footer and wraps round, and Shift+Tab goes back (no focus traps). On pages with errors the error summary
takes focus and each of its links moves focus to its field. Every page is checked with axe-core too.
"""
from __future__ import annotations

import re

from .conftest import PASSWORD, PROVIDER_EMAIL
from .support import Keyboard
from .test_journeys import ages, result_facts, results_count, summary_list


def arrive(page, axe, keys: Keyboard, h1: str, *, round_the_page: bool = True) -> None:
    """A new page: the right heading and no axe violations; Tab round the page (not again for a page
    like one already tabbed round in this test); then the skip link to main."""
    assert page.locator("h1").inner_text() == h1, page.url
    axe.check(page)
    if round_the_page:
        keys.tab_round_the_page()
    elif keys.focused()["none"]:
        keys.tab_to(".govuk-skip-link", limit=1)  # still the first stop
    else:
        keys.tab_to(".govuk-skip-link")
    keys.skip_to_main()


def test_family_journey_by_keyboard(page, axe):
    keys = Keyboard(page)
    page.goto("/")
    arrive(page, axe, keys, "Find support for children and young people with SEND")

    keys.tab_to("#home-q")
    page.keyboard.type("short breaks")
    keys.activate("Enter")  # submits the search form
    assert "/search?q=short+breaks" in page.url
    arrive(page, axe, keys, "Search results for “short breaks”")
    everything = results_count(page)

    # The filters come after the results, as they do for a screen reader.
    keys.tab_to("#postcode")
    page.keyboard.type("E8 1DY")
    keys.tab_to("#age", limit=1)
    page.keyboard.type("9")
    keys.tab_to("#category-short-breaks")
    keys.activate("Space", navigates=False)
    keys.tab_to("#need-autism")
    keys.activate("Space", navigates=False)
    assert page.locator("#category-short-breaks").is_checked() and page.locator("#need-autism").is_checked()
    keys.tab_to(".app-search-layout__filters > button.govuk-button", "Apply filters")
    keys.activate("Enter")
    filtered = results_count(page)
    assert 0 < filtered < everything
    arrive(page, axe, keys, "Search results for “short breaks”")

    # Free only: Tab down to "Apply filters", then Shift+Tab back up to the "Free services only" box.
    keys.tab_to(".app-search-layout__filters > button.govuk-button", "Apply filters")
    keys.tab_to("#free-yes", backwards=True, limit=5)
    keys.activate("Space", navigates=False)
    assert page.locator("#free-yes").is_checked()
    keys.tab_to(".app-search-layout__filters > button.govuk-button", "Apply filters", limit=5)
    keys.activate("Enter")
    free = results_count(page)
    assert 0 < free <= filtered
    assert all(card["Cost"] == "Free" for card in result_facts(page))
    arrive(page, axe, keys, "Search results for “short breaks”", round_the_page=False)

    # The first result, with Enter.
    first = result_facts(page)[0]
    keys.tab_to(".app-result__title a")
    keys.activate("Enter")
    assert re.search(r"/services/[0-9a-f-]{36}$", page.url)
    arrive(page, axe, keys, first["name"])
    facts = summary_list(page)
    low, high = ages(facts["Ages"])
    assert low <= 9 <= high
    assert "Autism" in facts["Needs supported"].splitlines()
    assert facts["Cost"] == "Free"


def test_provider_journey_by_keyboard(page, axe):
    name = "Adaptive Climbing at Clapton Park Sports Centre"
    new_summary = "Bouldering for disabled climbers with patient instructors, auto-belays and a quiet warm-up room."
    keys = Keyboard(page)

    page.goto("/sign-in")
    arrive(page, axe, keys, "Sign in")
    # Sent empty: the error summary takes focus and its links take focus to the fields.
    keys.tab_to("form button.govuk-button", "Sign in")
    keys.activate("Enter")
    assert page.title().startswith("Error:")
    axe.check(page)
    keys.check_error_summary(["email", "password"])
    # From the password box (where the last link left focus), back up to the email box and fill both.
    keys.tab_to("#email", backwards=True, limit=6)
    page.keyboard.type(PROVIDER_EMAIL)
    keys.tab_to("#password", limit=1)
    page.keyboard.type(PASSWORD)
    keys.activate("Enter")  # Enter in a text box submits its form
    assert page.url.endswith("/providers/")
    arrive(page, axe, keys, "Your listings")

    # The public page first, to compare afterwards.
    keys.tab_to("a", f"See the public page for {name}")
    keys.activate("Enter")
    public = page.url
    published_summary = page.locator("main .govuk-body-l").inner_text()
    arrive(page, axe, keys, name)
    keys.tab_to(".govuk-service-navigation a", "Your listings", backwards=True)  # back up from <main>
    keys.activate("Enter")
    arrive(page, axe, keys, "Your listings", round_the_page=False)

    keys.tab_to("a", f"Edit {name}")
    keys.activate("Enter")
    arrive(page, axe, keys, f"Edit “{name}”")
    keys.tab_to(".govuk-task-list a", "About the service")
    keys.activate("Enter")
    arrive(page, axe, keys, "About the service")

    # Empty the name and save: the error summary takes focus and leads back to the name box.
    keys.tab_to("#name")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    keys.tab_to("form .govuk-button", "Save and continue")
    keys.activate("Enter")
    assert page.title().startswith("Error:")
    axe.check(page)
    keys.check_error_summary(["name"])
    page.keyboard.type(name)
    keys.tab_to("#summary")
    page.keyboard.press("Control+A")
    page.keyboard.type(new_summary)
    keys.tab_to("form .govuk-button", "Save and continue")
    keys.activate("Enter")
    assert "Saved: About the service" in page.locator(".govuk-notification-banner").inner_text()
    arrive(page, axe, keys, f"Edit “{name}”")

    keys.tab_to(".govuk-task-list a", "Check the listing and send it for review")
    keys.activate("Enter")
    assert new_summary in page.locator("main").inner_text()
    axe.check(page)
    keys.tab_round_the_page()
    keys.skip_to_main()
    keys.tab_to("form button.govuk-button", "Send for review")
    keys.activate("Enter")
    assert "Sent for review" in page.locator(".govuk-notification-banner").inner_text()
    arrive(page, axe, keys, "Your listings")

    # The public page has not changed.
    keys.tab_to("a", f"See the public page for {name}")
    keys.activate("Enter")
    assert page.url == public
    assert page.locator("main .govuk-body-l").inner_text() == published_summary
    arrive(page, axe, keys, name, round_the_page=False)
