"""The journeys people take through the portal, in a real browser, each step checked on what the person
sees and every page checked with axe-core.

Journey 2 (the same search in Urdu, right to left) is in test_languages.py, journey 5 (forum feedback to
"You said, we did") in test_coproduction.py, and the shortlist, print view and PDF that end journey 1 in
test_shortlist.py.
"""
from __future__ import annotations

import re

from .conftest import OFFICER_EMAIL, PASSWORD, PROVIDER_EMAIL, PROVIDER_ORGANISATION


def results_count(page) -> int:
    text = page.locator(".app-results-count").inner_text()
    match = re.fullmatch(r"(\d+) services? found", text.strip())
    assert match, f"results count reads {text!r}"
    return int(match.group(1))


def result_facts(page) -> list[dict[str, str]]:
    """Each result card as the person reads it: its name and its facts (Ages, Cost, Distance …)."""
    return page.locator(".app-result").evaluate_all("""cards => cards.map(card => {
      const facts = {name: card.querySelector('.app-result__title').innerText.trim()};
      card.querySelectorAll('.app-result__facts > div').forEach(row => {
        facts[row.querySelector('dt').innerText.trim()] = row.querySelector('dd').innerText.trim();
      });
      facts.tags = Array.from(card.querySelectorAll('.app-result__tags li')).map(li => li.innerText.trim());
      return facts;
    })""")


def summary_list(page) -> dict[str, str]:
    """The service page's summary lists (Who it is for, How to get it) as {key: value}."""
    return page.locator(".govuk-summary-list__row").evaluate_all("""rows => Object.fromEntries(rows.map(row => [
      row.querySelector('dt').innerText.trim(), row.querySelector('dd').innerText.trim()]))""")


def ages(text: str) -> tuple[int, int]:
    low, high = re.match(r"(\d+) to (\d+)", text).groups()
    return int(low), int(high)


def sign_in(page, axe, email: str) -> None:
    page.goto("/sign-in")
    assert page.locator("h1").inner_text() == "Sign in"
    axe.check(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()


def test_family_finds_a_free_short_break_for_an_autistic_nine_year_old_near_them(page, axe):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Find support for children and young people with SEND"
    axe.check(page)

    page.get_by_label("Search for a service").fill("short breaks")
    with page.expect_navigation():
        page.get_by_role("button", name="Search", exact=True).click()
    assert "/search?q=short+breaks" in page.url
    assert page.locator("h1").inner_text() == "Search results for “short breaks”"
    everything = results_count(page)
    assert everything > 20
    axe.check(page)

    # Near the postcode, for a 9-year-old, autism, short breaks.
    page.get_by_label("Near a postcode").fill("E8 1DY")
    page.get_by_label("Age of the child or young person").fill("9")
    page.get_by_role("group", name="Type of support").get_by_label("Short breaks").check()
    page.get_by_role("group", name="Need").get_by_label("Autism").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    filtered = results_count(page)
    assert 0 < filtered < everything
    chosen = page.locator(".app-chosen-filters").inner_text()
    for label in ("Short breaks", "Autism", "Age 9", "Near E8 1DY"):
        assert label in chosen
    for card in result_facts(page):
        assert "Short breaks" in card["tags"], card
        low, high = ages(card["Ages"])
        assert low <= 9 <= high, card
        assert card["Distance"].endswith("miles"), card
    axe.check(page)

    # Free ones only.
    page.get_by_label("Free services only").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    free = results_count(page)
    assert 0 < free <= filtered
    assert "Free" in page.locator(".app-chosen-filters").inner_text()
    assert all(card["Cost"] == "Free" for card in result_facts(page))
    axe.check(page)

    # Nearest first.
    page.get_by_label("Sort by").select_option(label="Distance (nearest first)")
    with page.expect_navigation():
        page.get_by_role("button", name="Sort", exact=True).click()
    assert "sort=distance" in page.url
    cards = result_facts(page)
    distances = [float(card["Distance"].split()[0]) for card in cards]
    assert distances == sorted(distances)
    assert results_count(page) == free
    axe.check(page)

    # The nearest listing, and its key facts.
    nearest = cards[0]
    with page.expect_navigation():
        page.locator(".app-result__title a").first.click()
    assert re.search(r"/services/[0-9a-f-]{36}$", page.url)
    assert page.locator("h1").inner_text() == nearest["name"]
    facts = summary_list(page)
    low, high = ages(facts["Ages"])
    assert low <= 9 <= high
    assert "Autism" in facts["Needs supported"].splitlines()
    assert "Short breaks" in facts["Type of support"].splitlines()
    assert facts["Cost"] == "Free"
    assert page.get_by_role("heading", name="How to get it").is_visible()
    assert page.get_by_role("heading", name="Provided by").is_visible()
    axe.check(page)


def open_listing_editor(page, axe, name: str) -> str:
    """From the provider's dashboard: the listing's task list. Returns the listing's public address."""
    public = page.get_by_role("link", name=f"See the public page for {name}", exact=True).get_attribute("href")
    with page.expect_navigation():
        page.get_by_role("link", name=f"Edit {name}", exact=True).click()
    assert page.locator("h1").inner_text() == f"Edit “{name}”"
    axe.check(page)
    return public


def change_summary_and_submit(page, axe, name: str, new_summary: str) -> None:
    """From the task list: About the service, change the summary, save, check and send for review."""
    with page.expect_navigation():
        page.get_by_role("link", name="About the service").click()
    assert page.locator("h1").inner_text() == "About the service"
    axe.check(page)
    summary = page.get_by_label("Summary", exact=True)
    old_summary = summary.input_value()
    assert old_summary and old_summary != new_summary
    summary.fill(new_summary)
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()
    assert "Saved: About the service" in page.locator(".govuk-notification-banner").inner_text()
    changes = page.locator("main").inner_text()
    assert "What you have changed" in changes and new_summary in changes
    axe.check(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Check the listing and send it for review").click()
    assert new_summary in page.locator("main").inner_text()
    axe.check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send for review").click()
    assert page.locator("h1").inner_text() == "Your listings"
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert f"Sent for review. The Local Offer team will check “{name}” and let you know" in banner
    row = page.locator("tr", has_text=name)
    assert row.get_by_role("link", name=f"View {name}").is_visible()  # no longer "Edit": it waits for review
    axe.check(page)


def test_provider_edits_a_published_listing_and_the_public_page_waits_for_review(page, axe):
    name = "Riverside Leisure Inclusive Dance"
    new_summary = "Tangoflamenco evenings for disabled young dancers, with quiet breaks and friendly coaches."

    sign_in(page, axe, PROVIDER_EMAIL)
    assert page.url.endswith("/providers/")
    assert page.locator("h1").inner_text() == "Your listings"
    assert page.get_by_role("heading", name=PROVIDER_ORGANISATION).is_visible()
    axe.check(page)

    public = open_listing_editor(page, axe, name)
    page.goto(public)
    published_summary = page.locator("main .govuk-body-l").inner_text()
    axe.check(page)
    page.go_back()
    axe.check(page)

    change_summary_and_submit(page, axe, name, new_summary)

    # The public page is as it was: nothing is published until the Local Offer team approves it.
    page.goto(public)
    assert page.locator("h1").inner_text() == name
    assert page.locator("main .govuk-body-l").inner_text() == published_summary
    assert "Tangoflamenco" not in page.locator("main").inner_text()
    axe.check(page)
    page.goto("/search?q=tangoflamenco")
    assert results_count(page) == 0
    axe.check(page)


def test_officer_reviews_the_change_and_approves_it_and_search_finds_it(new_page, axe, signed_in_state):
    name = "Quiet Swim at Clapton Park Sports Centre"
    new_summary = "Moonlit aquarobics for autistic swimmers: dimmed lights, no music and a calm changing room."

    # A provider has sent a change for review.
    provider = new_page(storage_state=signed_in_state(PROVIDER_EMAIL))
    provider.goto("/providers/")
    axe.check(provider)
    public = open_listing_editor(provider, axe, name)
    provider.goto(public)
    old_summary = provider.locator("main .govuk-body-l").inner_text()
    axe.check(provider)
    provider.go_back()
    axe.check(provider)
    change_summary_and_submit(provider, axe, name, new_summary)

    # The officer signs in and lands on the review queue.
    page = new_page()
    sign_in(page, axe, OFFICER_EMAIL)
    assert page.url.endswith("/review/")
    queue = page.locator("main")
    assert name in queue.inner_text()
    axe.check(page)

    with page.expect_navigation():
        queue.get_by_role("link", name=re.compile(re.escape(name))).first.click()
    assert page.locator("h1").inner_text() == f"Review change to {name}"
    summary_row = page.locator("tr[data-field=summary]")
    assert summary_row.locator(".app-diff__before").inner_text().strip() == old_summary
    assert summary_row.locator(".app-diff__after").inner_text().strip() == new_summary
    assert "Submitted by" in page.locator("main").inner_text()
    axe.check(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Approve and publish").click()
    assert page.url.endswith("/review/")
    assert f"“{name}” is published" in page.locator(".govuk-notification-banner").inner_text()
    axe.check(page)

    # Families now find it by the new words, and see the new summary.
    page.goto("/search?q=moonlit+aquarobics")
    assert results_count(page) >= 1
    first = result_facts(page)[0]
    assert first["name"] == name
    assert "Moonlit aquarobics" in page.locator(".app-result__summary").first.inner_text()
    axe.check(page)
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).click()
    assert page.locator("main .govuk-body-l").inner_text() == new_summary
    axe.check(page)
