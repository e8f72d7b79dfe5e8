"""The Content-Security-Policy in a real browser: pages run our scripts (GOV.UK's nonced js-enabled line and
app.js) and the browser reports no violation, so the policy blocks only what it should."""
from __future__ import annotations

import pytest

from .conftest import OFFICER_EMAIL

PAGES = ["/", "/search?q=swimming&age=abc", "/needs", "/sign-in", "/no-such-page", "/feedback/public",
         "/action-plan", "/open-data"]


def _watch_for_violations(page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    return violations


def _assert_scripts_ran(page, path: str) -> None:
    classes = page.evaluate("() => document.body.className")
    assert "js-enabled" in classes and "govuk-frontend-supported" in classes, (path, classes)


@pytest.mark.parametrize("path", PAGES)
def test_public_pages_run_their_scripts_without_a_violation(public_page, axe, path):
    violations = _watch_for_violations(public_page)
    public_page.goto(path)
    axe.check(public_page)
    _assert_scripts_ran(public_page, path)
    assert violations == [], violations


def test_an_officer_page_with_interactive_components(new_page, axe, signed_in_state):
    page = new_page(storage_state=signed_in_state(OFFICER_EMAIL))
    violations = _watch_for_violations(page)
    page.goto("/feedback/triage")
    axe.check(page)
    _assert_scripts_ran(page, "/feedback/triage")
    assert violations == [], violations


def test_an_injected_inline_script_is_blocked(public_page, axe):
    """The policy is really enforced: a script element without the nonce does not run."""
    violations = _watch_for_violations(public_page)
    public_page.goto("/")
    axe.check(public_page)
    ran = public_page.evaluate("""() => {
        window.__injected = false;
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true';
        document.body.appendChild(script);
        return window.__injected;
    }""")
    assert ran is False
    public_page.wait_for_timeout(100)
    assert any("script-src" in text for text in violations), violations
