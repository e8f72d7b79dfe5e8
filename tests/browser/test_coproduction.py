"""Journey 5, the co-production loop in a real browser: a forum member raises an issue; an officer
acknowledges it, responds, links it to an action in the SEND action plan and publishes a "You said, we did"
entry; the forum member sees the notification and the entry. Every page is checked with axe-core. Also axe
on the feedback and plan pages the journey does not pass through, errors shown."""
from __future__ import annotations

import re

from .conftest import ACTION_REF, FORUM_EMAIL, OFFICER_EMAIL, PLAN_TITLE
from .test_journeys import sign_in

TITLE = "No short breaks listed for children over 11"
RESPONSE = "Thank you. We are adding youth clubs and holiday schemes for 11 to 18 year olds as short breaks."
WE_DID = "We listed 14 youth clubs and holiday schemes for older children as short breaks."


def click(page, role: str, name: str, **options) -> None:
    with page.expect_navigation():
        page.get_by_role(role, name=name, **options).click()


def test_forum_feedback_to_you_said_we_did(new_page, axe, signed_in_state):
    # The forum member raises an issue.
    member = new_page()
    sign_in(member, axe, FORUM_EMAIL)
    axe.check(member)
    member.goto("/feedback/new")
    axe.check(member)
    member.get_by_label("Give it a short title").fill(TITLE)
    member.get_by_label("What is happening?").fill("The directory lists nothing for my 13-year-old in the holidays.")
    member.get_by_label("What would help? (optional)").fill("List youth clubs that welcome disabled teenagers.")
    member.get_by_role("group", name="What is it about?").get_by_label("Short breaks").check()
    member.get_by_role("group", name="May we show it publicly?").get_by_label("Yes").check()
    click(member, "button", "Send it to the Local Offer team")
    assert member.locator("h1").inner_text() == TITLE
    item_id = re.search(r"/feedback/items/(\d+)", member.url).group(1)
    axe.check(member)

    # The officer finds it in triage, acknowledges it, reviews it and responds.
    officer = new_page(storage_state=signed_in_state(OFFICER_EMAIL))
    officer.goto("/feedback/triage")
    axe.check(officer)
    click(officer, "link", TITLE)
    assert officer.locator("h1").inner_text() == TITLE
    axe.check(officer)
    click(officer, "button", "Acknowledge")
    axe.check(officer)
    click(officer, "button", "Start the review")
    axe.check(officer)
    click(officer, "button", "Send the response")  # without the response: an error, focus on the summary
    assert officer.locator(".govuk-error-summary").is_visible()
    axe.check(officer)
    # The response box has a label of its own, apart from the public update box further down.
    officer.get_by_label("Your response", exact=True).fill(RESPONSE)
    assert officer.get_by_label("Public update, without changing the status", exact=True).count() == 1
    click(officer, "button", "Send the response")
    assert RESPONSE in officer.locator("main").inner_text()
    axe.check(officer)

    # … links it to the action in the plan …
    officer.goto("/plan/")
    axe.check(officer)
    click(officer, "link", PLAN_TITLE)
    axe.check(officer)
    with officer.expect_navigation():
        officer.locator("main tr").filter(has_text=ACTION_REF).get_by_role("link").first.click()
    axe.check(officer)
    officer.get_by_label("Open feedback items").select_option(label=f"{item_id}: {TITLE}")
    click(officer, "button", "Link the item")
    assert TITLE in officer.locator("#linked-items ~ *").first.inner_text() or TITLE in officer.locator("main").inner_text()
    axe.check(officer)

    # … and writes and publishes a "You said, we did" entry.
    officer.goto("/plan/you-said-we-did/new")
    axe.check(officer)
    officer.get_by_label("Theme").select_option(label="Short breaks")
    officer.get_by_label("You said", exact=True).fill("Short breaks for children over 11 are hard to find.")
    officer.get_by_label("We did", exact=True).fill(WE_DID)
    officer.get_by_label("Who decided (optional for a draft)").fill("SEND Programme Board")
    officer.get_by_label("Day", exact=True).fill("12")
    officer.get_by_label("Month", exact=True).fill("2")
    officer.get_by_label("Year", exact=True).fill("2026")
    officer.get_by_role("group", name="Outcome (optional for a draft)").get_by_label("We did it").check()
    officer.get_by_role("group", name="Feedback items behind this").get_by_label(f"{item_id}: {TITLE}").check()
    officer.get_by_role("group", name="Actions in the plan").get_by_label(re.compile(re.escape(ACTION_REF))).check()
    click(officer, "button", "Save as a draft")
    axe.check(officer)
    click(officer, "button", "Publish")
    axe.check(officer)

    # The forum member is told, and reads the entry.
    member.goto("/feedback/notifications")
    notices = member.locator("main").inner_text()
    assert "published what we did" in notices, notices
    axe.check(member)
    with member.expect_navigation():
        member.locator("main li").filter(has_text="published what we did").first.get_by_role("link").click()
    assert WE_DID in member.locator("main").inner_text()
    axe.check(member)

    # Everyone can read it on the public "You said, we did" page and see the action's progress.
    public = new_page()
    public.goto("/you-said-we-did")
    assert WE_DID in public.locator("main").inner_text()
    axe.check(public)
    public.goto("/action-plan")
    assert ACTION_REF in public.locator("main").inner_text()
    axe.check(public)


def test_feedback_and_plan_pages_with_errors(new_page, axe, signed_in_state):
    member = new_page(storage_state=signed_in_state(FORUM_EMAIL))
    for path in ("/feedback/public", "/feedback/mine", "/feedback/performance", "/feedback/new"):
        member.goto(path)
        axe.check(member)
    click(member, "button", "Send it to the Local Offer team")  # empty: every error shown
    assert member.locator(".govuk-error-summary").is_visible()
    axe.check(member)

    officer = new_page(storage_state=signed_in_state(OFFICER_EMAIL))
    for path in ("/feedback/triage", "/feedback/insight", "/feedback/templates", "/feedback/templates/new", "/plan/", "/plan/new", "/plan/import",
                 "/plan/you-said-we-did/", "/plan/you-said-we-did/new", "/you-said-we-did/report"):
        officer.goto(path)
        axe.check(officer)
    officer.goto("/plan/you-said-we-did/new")
    officer.get_by_label("Day", exact=True).fill("31")
    officer.get_by_label("Month", exact=True).fill("2")
    officer.get_by_label("Year", exact=True).fill("2026")
    click(officer, "button", "Save as a draft")
    assert officer.locator(".govuk-error-summary").is_visible()
    axe.check(officer)
    officer.goto("/plan/new")
    click(officer, "button", "Start the plan")
    assert officer.locator(".govuk-error-summary").is_visible()
    axe.check(officer)
