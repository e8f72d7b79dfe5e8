"""Journeys 1, 3 and 5 again with the keyboard alone: Tab, Shift+Tab, Enter, Space and typing (and, inside a
group of radios, the arrow keys, which is how a keyboard chooses a radio).

On every page: the first Tab stop is the skip link and it moves focus to <main>; every element that takes
focus shows it (its look changes: GOV.UK's yellow, an outline, a shadow or a border); Tab reaches the
footer and wraps round, and Shift+Tab goes back (no focus traps). On pages with errors the error summary
takes focus and each of its links moves focus to its field. Every page is checked with axe-core too.
"""
from __future__ import annotations

import re

from .conftest import ACTION_REF, FORUM_EMAIL, OFFICER_EMAIL, PASSWORD, PLAN_TITLE, PROVIDER_EMAIL
from .support import Keyboard
from .test_journeys import ages, result_facts, results_count, summary_list


def arrive(page, axe, keys: Keyboard, h1: str, *, round_the_page: bool = True) -> None:
    """A new page: the right heading and no axe violations; Tab round the page (not again for a page
    like one already tabbed round in this test); then the skip link to main."""
    assert page.locator("h1").inner_text() == h1, page.url
    axe.check(page)
    if round_the_page:
        keys.tab_round_the_page()
    elif keys.focused()["none"] and "#" not in page.url:
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


def choose_radio(keys: Keyboard, label: str, limit: int = 12) -> None:
    """With focus on a radio in a group: the arrow keys move through the group (as they do for everyone using
    a keyboard; Tab leaves the group) until the one labelled `label` is chosen."""
    page = keys.page
    for _ in range(limit):
        info = keys.focused("input[type=radio]:checked", label)
        if info["matches"]:
            return
        assert not info["none"] and keys.focused("input[type=radio]")["matches"], \
            f"focus left the radios looking for {label!r} on {page.url}: {info.get('describe')}"
        keys.press("ArrowDown")
    raise AssertionError(f"the arrow keys never chose {label!r} on {page.url}")


def selected_option(page, label: str) -> str:
    return page.get_by_label(label, exact=True).evaluate("s => s.options[s.selectedIndex].text.trim()")


def test_coproduction_journey_by_keyboard(new_page, axe, signed_in_state):
    """Journey 5 by keyboard: a forum member raises an issue; an officer acknowledges it, responds, links it to
    an action in the plan and publishes a "You said, we did" entry; the forum member reads the notification."""
    title = "Holiday clubs stop taking disabled children at 12"
    response = "Thank you. We are asking holiday clubs about older disabled children and will list those that can."
    we_did = "We added 6 holiday clubs that welcome disabled teenagers up to 18 to the Local Offer."

    # The forum member starts from their items and raises an issue.
    member = new_page(storage_state=signed_in_state(FORUM_EMAIL))
    keys = Keyboard(member)
    member.goto("/feedback/mine")
    arrive(member, axe, keys, "Your items")
    keys.tab_to("nav a", "Raise an issue or idea", backwards=True)
    keys.activate("Enter")
    arrive(member, axe, keys, "Raise an issue or idea")

    # Sent empty: the error summary takes focus and each of its links takes focus to its field.
    keys.tab_to("form button.govuk-button", "Send it to the Local Offer team")
    keys.activate("Enter")
    assert member.title().startswith("Error:")
    axe.check(member)
    keys.check_error_summary(["title", "body", "theme", "may_be_public"])
    # From the "Yes" radio (where the last link left focus), back up to the title and fill the form in order.
    keys.tab_to("#title", backwards=True, limit=8)
    member.keyboard.type(title)
    keys.tab_to("#body", limit=1)
    member.keyboard.type("The holiday club list has nothing for my 13-year-old, who uses a wheelchair.")
    keys.tab_to("#would_help", limit=1)
    member.keyboard.type("List holiday clubs that welcome disabled teenagers.")
    keys.tab_to("input[type=radio][name=theme]", limit=1)
    choose_radio(keys, "Short breaks")
    keys.tab_to("select", "Is it about one service?", limit=1)  # left as "Not about one service"
    keys.tab_to("input[type=radio][name=may_be_public]", "Yes", limit=1)
    keys.activate("Space", navigates=False)
    assert member.get_by_role("group", name="May we show it publicly?").get_by_label("Yes").is_checked()
    keys.tab_to("form button.govuk-button", "Send it to the Local Offer team", limit=2)
    keys.activate("Enter")
    item_id = re.search(r"/feedback/items/(\d+)$", member.url).group(1)
    arrive(member, axe, keys, title)
    assert "Submitted" in member.locator("main").inner_text()

    # The officer goes from the home page to triage and opens the item.
    officer = new_page(storage_state=signed_in_state(OFFICER_EMAIL))
    keys = Keyboard(officer)
    officer.goto("/")
    arrive(officer, axe, keys, "Find support for children and young people with SEND")
    keys.tab_to(".govuk-service-navigation a", "Triage", backwards=True)
    keys.activate("Enter")
    arrive(officer, axe, keys, "Feedback to triage")
    keys.tab_to("main table a", f"#{item_id} {title}")
    keys.activate("Enter")
    assert officer.url.endswith(f"/feedback/triage/{item_id}")
    arrive(officer, axe, keys, title)

    # Acknowledge, then start the review: each a button reached with Tab and pressed with Enter.
    keys.tab_to("form button.govuk-button", "Acknowledge")
    keys.activate("Enter")
    assert "Acknowledged" in officer.locator("main .govuk-tag").first.inner_text()
    arrive(officer, axe, keys, title, round_the_page=False)
    keys.tab_to("form button.govuk-button", "Start the review")
    keys.activate("Enter")
    assert "In review" in officer.locator("main .govuk-tag").first.inner_text()
    arrive(officer, axe, keys, title, round_the_page=False)

    # The response sent empty: the error summary takes focus and its link puts focus in "Your response".
    keys.tab_to("form button.govuk-button", "Send the response")
    keys.activate("Enter")
    assert officer.title().startswith("Error:")
    axe.check(officer)
    keys.check_error_summary(["text"])
    assert keys.focused("textarea", "Your response")["matches"]
    officer.keyboard.type(response)
    keys.tab_to("form button.govuk-button", "Send the response", limit=1)
    keys.activate("Enter")
    assert "Responded" in officer.locator("main .govuk-tag").first.inner_text()
    assert response in officer.locator("main").inner_text()
    arrive(officer, axe, keys, title)

    # To the action plan, and the action the item is about.
    keys.tab_to(".govuk-service-navigation a", "Action plan", backwards=True)
    keys.activate("Enter")
    arrive(officer, axe, keys, "Action plans")
    keys.tab_to("main a", PLAN_TITLE)
    keys.activate("Enter")
    arrive(officer, axe, keys, PLAN_TITLE)
    keys.tab_to("main table a", "Publish “You said, we did” every term")
    keys.activate("Enter")
    arrive(officer, axe, keys, f"Action {ACTION_REF}")
    keys.tab_to("input", "Or enter the item’s number")
    officer.keyboard.type(item_id)
    keys.tab_to("form button.govuk-button", "Link the item", limit=1)
    keys.activate("Enter")
    banner = officer.locator(".govuk-notification-banner").inner_text()
    assert f"Feedback item {item_id} is linked to this action" in banner
    assert f"{item_id}: {title}" in officer.locator("#linked-items + ul").inner_text()
    arrive(officer, axe, keys, f"Action {ACTION_REF}")

    # A "You said, we did" entry, written and saved as a draft …
    keys.tab_to(".govuk-service-navigation a", "You said, we did", backwards=True)
    keys.activate("Enter")
    arrive(officer, axe, keys, "You said, we did")
    keys.tab_to("main a", "Write a new entry")
    keys.activate("Enter")
    arrive(officer, axe, keys, "Write a “You said, we did” entry")
    keys.tab_to("select", "Theme")
    officer.keyboard.type("Short")  # a closed select chooses the option whose text is typed
    assert selected_option(officer, "Theme") == "Short breaks"
    keys.tab_to("textarea", "You said", limit=1)
    officer.keyboard.type("Holiday clubs stop taking disabled children at 12.")
    keys.tab_to("textarea", "We did")
    officer.keyboard.type(we_did)
    keys.tab_to("input", "Who decided", limit=1)
    officer.keyboard.type("SEND Programme Board")
    for part, value in (("Day", "12"), ("Month", "2"), ("Year", "2026")):
        keys.tab_to("input", part, limit=1)
        officer.keyboard.type(value)
    keys.tab_to("input[type=radio]", limit=1)
    choose_radio(keys, "We did it")
    keys.tab_to("input[type=checkbox]", f"{item_id}: {title}")
    keys.activate("Space", navigates=False)
    keys.tab_to("input[type=checkbox]", ACTION_REF)
    keys.activate("Space", navigates=False)
    assert officer.get_by_label(f"{item_id}: {title}").is_checked()
    assert officer.get_by_role("group", name="Actions in the plan").get_by_label(
        re.compile(re.escape(ACTION_REF))).is_checked()
    # Past a checkbox for every published service in the directory (hundreds of Tab presses: see the report).
    keys.tab_to("form button.govuk-button", "Save as a draft", limit=600)
    keys.activate("Enter")
    entry_h1 = officer.locator("h1").inner_text()
    assert entry_h1.startswith("You said, we did: entry ")
    assert "Draft" in officer.locator("main .govuk-tag").first.inner_text()
    arrive(officer, axe, keys, entry_h1)

    # … and published.
    keys.tab_to("form button.govuk-button", "Publish")
    keys.activate("Enter")
    assert "The entry is published" in officer.locator(".govuk-notification-banner").inner_text()
    assert "Published" in officer.locator("main .govuk-tag").first.inner_text()
    arrive(officer, axe, keys, entry_h1, round_the_page=False)

    # The forum member, back on their item, goes to their notifications and follows the new one.
    keys = Keyboard(member)
    keys.tab_to("nav a", "Your notifications", backwards=True)
    keys.activate("Enter")
    arrive(member, axe, keys, "Your notifications")
    notice = member.locator("main li").filter(has_text="published what we did").first
    assert notice.is_visible() and "New" in notice.inner_text()
    keys.tab_to(f'main li[data-notification="{notice.get_attribute("data-notification")}"] a', "See the item")
    keys.activate("Enter")
    assert we_did in member.locator("main").inner_text()
    arrive(member, axe, keys, member.locator("h1").inner_text())
