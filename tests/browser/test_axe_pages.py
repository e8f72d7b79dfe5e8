"""axe-core (WCAG 2.2 A and AA) on every type of page, including forms with their errors shown.

The journeys (test_journeys.py, test_keyboard.py) check every page they pass through as well; these are
the page types a journey does not reach, and each form in the state that is easiest to get wrong: errors.
"""
from __future__ import annotations

import re
import urllib.request

import pytest

from .conftest import OFFICER_EMAIL, PROVIDER_EMAIL, PROVIDER_ORGANISATION
from .test_journeys import change_summary_and_submit, open_listing_editor


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


@pytest.fixture(scope="session")
def demo_urls(live_server) -> dict[str, str]:
    """Paths of a published service and its organisation, read from the search page."""
    html = _get(f"{live_server}/search?q=short+breaks")
    service = re.search(r'href="(/services/[0-9a-f-]{36})"', html).group(1)
    organisation = re.search(r'href="(/organisations/[0-9a-f-]{36})"', _get(live_server + service)).group(1)
    return {"service": service, "organisation": organisation}


PUBLIC_PAGES = {
    "home": "/",
    "search with results": "/search?q=autism",
    "search results page 2": "/search?q=autism&page=2",
    "search with filters and a postcode": "/search?q=swimming&need=autism&age=9&postcode=E8+1DY&free=yes",
    "search with no results": "/search?q=zzqxjv+nothing+like+this",
    "search with a validation error": "/search?q=swimming&age=abc",
    "search with every error": "/search?q=swimming&age=abc&postcode=nowhere&sort=sideways&page=0",
    "service": "{service}",
    "report a problem with a service": "{service}/report",
    "organisation": "{organisation}",
    "category": "/categories/short-breaks",
    "need": "/needs/autism",
    "needs index": "/needs",
    "glossary": "/glossary",
    "about": "/about",
    "accessibility statement": "/accessibility",
    "privacy notice": "/privacy",
    "page not found (404)": "/no-such-page",
    "service not found (404)": "/services/00000000-0000-0000-0000-000000000000",
    "sign in": "/sign-in",
    "forgotten password": "/forgotten-password",
    "provider sign up": "/providers/sign-up",
    "invalid password reset link": "/reset-password/not-a-real-token",
    "invalid invitation link": "/providers/invitation/not-a-real-token",
}


@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_public_page(name, public_page, axe, demo_urls):
    public_page.goto(PUBLIC_PAGES[name].format(**demo_urls))
    axe.check(public_page)


def _submit(page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def test_sign_in_with_errors(page, axe):
    page.goto("/sign-in")
    axe.check(page)
    _submit(page, "Sign in")
    assert page.title().startswith("Error:")
    assert page.locator(".govuk-error-summary").is_visible()
    axe.check(page)


def test_forgotten_password_with_errors(page, axe):
    page.goto("/forgotten-password")
    axe.check(page)
    page.get_by_label("Email address").fill("not an email address")
    _submit(page, "Send reset link")
    assert page.locator(".govuk-error-summary").is_visible()
    axe.check(page)


def test_provider_sign_up_with_errors(page, axe):
    page.goto("/providers/sign-up")
    axe.check(page)
    _submit(page, "Sign up")
    assert page.locator(".govuk-error-summary").is_visible()
    axe.check(page)


def test_report_a_problem_with_errors(page, axe, demo_urls):
    page.goto(demo_urls["service"] + "/report")
    axe.check(page)
    _submit(page, "Send report")
    assert page.locator(".govuk-error-summary").is_visible()
    axe.check(page)
    page.locator("main input[type=radio]").first.check()
    page.locator("main textarea").fill("The phone number on this page rings a fax machine.")
    _submit(page, "Send report")
    assert page.locator(".govuk-error-summary").count() == 0
    axe.check(page)


# --- signed in ---------------------------------------------------------------------------------------------

def _listing_editor(page, axe, name: str) -> str:
    """From the dashboard, open the task list of a listing; return its URL."""
    page.goto("/providers/")
    axe.check(page)
    page.get_by_role("link", name=f"Edit {name}", exact=True).click()
    page.wait_for_load_state("load")
    return page.url


def _reveal_cost_detail(page) -> None:
    """"There is a cost" reveals "What does it cost?" (app.js: GOV.UK's reveal, without aria-expanded,
    which ARIA does not allow on a radio); "Free" hides it again. Then leave the cost empty."""
    free, paid = page.locator("input[name=cost][value=free]"), page.locator("input[name=cost][value=paid]")
    cost_detail = page.get_by_label("What does it cost?")
    free.check()
    assert not cost_detail.is_visible()
    paid.check()
    assert cost_detail.is_visible()
    assert paid.get_attribute("aria-controls") and paid.get_attribute("aria-expanded") is None
    cost_detail.fill("")


# (section path, how to make errors, the error the page then shows)
EDITOR_ERRORS = [
    ("about", lambda p: p.locator("#name").fill(""), "Enter the name of the service"),
    ("who", lambda p: (p.locator("#age_min").fill("ten"), p.locator("#age_max").fill("")),
     "Enter the youngest age"),
    ("access", lambda p: _reveal_cost_detail(p), "Enter what the service costs"),
    ("contact", lambda p: (p.locator("#phone").fill("call us"), p.locator("#website").fill("nowhere")),
     "Enter a phone number"),
    ("languages", lambda p: p.locator("#other").fill("x" * 81), "80 characters or fewer"),
    ("times", lambda p: p.locator("input[name='day_0-opens']").fill("nine o'clock"), "Enter the time Monday opens"),
    ("locations/add", lambda p: None, "Enter the address"),
]


def test_provider_pages_and_editor_errors(new_page, axe, signed_in_state):
    page = new_page(storage_state=signed_in_state(PROVIDER_EMAIL))
    task_list = _listing_editor(page, axe, "Riverside Leisure Rebound and Trampoline Sessions")
    axe.check(page)
    for section, make_errors, message in EDITOR_ERRORS:
        page.goto(f"{task_list}/{section}")
        axe.check(page)
        make_errors(page)
        _submit(page, "Add location" if section == "locations/add" else "Save and continue")
        assert page.title().startswith("Error:"), f"{section}: {page.title()}"
        assert message in page.locator(".govuk-error-summary").inner_text(), section
        axe.check(page)
    for path in ("/locations", "/check", "/preview"):
        page.goto(task_list + path)
        axe.check(page)
    page.goto("/providers/listings/new")
    axe.check(page)
    page.locator("#name").fill("")
    _submit(page, "Continue")
    assert page.locator(".govuk-error-summary").is_visible()
    axe.check(page)
    page.goto("/providers/")
    axe.check(page)
    page.get_by_role("link", name=f"Invite a colleague to {PROVIDER_ORGANISATION}").click()
    page.wait_for_load_state("load")
    axe.check(page)
    _submit(page, "Send invitation")
    assert page.locator(".govuk-error-summary").is_visible()
    axe.check(page)
    for path in ("/account", "/account/password"):
        page.goto(path)
        axe.check(page)
    _submit(page, "Change password")
    assert page.locator(".govuk-error-summary").is_visible()
    axe.check(page)
    for path in ("/account/data", "/account/delete"):
        page.goto(path)
        axe.check(page)
    _submit(page, "Delete my account")  # no password given: refused, nothing deleted
    assert page.locator(".govuk-error-summary").is_visible()
    axe.check(page)


def test_officer_pages(new_page, axe, signed_in_state):
    page = new_page(storage_state=signed_in_state(OFFICER_EMAIL))
    for path in ("/review/", "/review/freshness", "/review/reports", "/providers/memberships", "/admin/outbox",
                 "/providers/"):
        page.goto(path)
        axe.check(page)
    page.goto("/search?q=swimming")
    axe.check(page)
    page.locator(".app-result__title a").first.click()
    page.wait_for_load_state("load")
    axe.check(page)
    service_id = page.url.rsplit("/", 1)[1]
    page.goto(f"/review/services/{service_id}/versions")
    axe.check(page)
    page.goto(f"/review/services/{service_id}/versions/1")
    axe.check(page)


def test_officer_sends_a_change_back_with_errors_shown(new_page, axe, signed_in_state):
    name = "Riverside Leisure SEND Climbing Club"
    provider = new_page(storage_state=signed_in_state(PROVIDER_EMAIL))
    provider.goto("/providers/")
    axe.check(provider)
    open_listing_editor(provider, axe, name)
    change_summary_and_submit(provider, axe, name, "Climbing for disabled young people. More soon.")

    officer = new_page(storage_state=signed_in_state(OFFICER_EMAIL))
    officer.goto("/review/")
    axe.check(officer)
    with officer.expect_navigation():
        officer.locator("main").get_by_role("link", name=name).click()
    axe.check(officer)
    _submit(officer, "Send back")  # without saying why
    assert officer.locator(".govuk-error-summary").is_visible()
    axe.check(officer)
    officer.get_by_label("Or send it back to the provider").fill("Say when and where the club meets.")
    _submit(officer, "Send back")
    assert f"“{name}” was sent back to the provider" in officer.locator(".govuk-notification-banner").inner_text()
    axe.check(officer)

    provider.goto("/providers/")
    assert "Say when and where the club meets." in provider.locator("main").inner_text()
    axe.check(provider)
