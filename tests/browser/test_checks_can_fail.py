"""The checks themselves: each one fails on a page made to break it, so a green run means something."""
from __future__ import annotations

import pytest

from .support import AxeChecker, Keyboard, assert_no_horizontal_scrolling


@pytest.fixture
def bare_page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_axe_check_fails_on_a_violation(bare_page, axe_source):
    bare_page.set_content('<html lang="en"><title>T</title><main><h1>T</h1>'
                          '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></html>')
    with pytest.raises(AssertionError, match=r"image-alt \(critical\)[\s\S]*target img"):
        AxeChecker(axe_source).check(bare_page)


def test_unchecked_pages_are_reported(bare_page, axe_source):
    checker = AxeChecker(axe_source)
    checker.track(bare_page)
    bare_page.set_content("<title>T</title><h1>T</h1>")
    with pytest.raises(AssertionError, match="never checked"):
        checker.assert_every_page_checked()


def test_focus_that_cannot_be_seen_fails(bare_page):
    bare_page.set_content('<style>a:focus { outline: none }</style><a href="#a">a link</a>')
    with pytest.raises(AssertionError, match="looks the same focused and unfocused"):
        Keyboard(bare_page).press("Tab")


def test_a_focus_trap_fails(bare_page):
    bare_page.set_content("""<style>:focus { outline: 3px solid #fd0 }</style>
      <a class="govuk-skip-link" href="#main-content">Skip</a>
      <main id="main-content"><input id="x"><input id="y"></main>
      <footer><a href="#f">f</a></footer>
      <script>document.getElementById('y').addEventListener('keydown', e => {
        if (e.key === 'Tab') { e.preventDefault(); document.getElementById('x').focus(); } });</script>""")
    with pytest.raises(AssertionError, match="focus trap"):
        Keyboard(bare_page).tab_round_the_page()


def test_sideways_scrolling_fails(bare_page):
    bare_page.set_viewport_size({"width": 320, "height": 640})
    bare_page.set_content('<div style="width: 500px">wide</div>')
    with pytest.raises(AssertionError, match="scrolls sideways"):
        assert_no_horizontal_scrolling(bare_page)
