"""Reflow (WCAG 1.4.10) and text spacing (WCAG 1.4.12).

Reflow: at 320 CSS pixels wide, the width of a phone, nothing needs scrolling sideways; and the same at 400%
zoom of a 1280 px wide window. Zoom is emulated as a 320 × 256 CSS px viewport with a device scale factor of 4:
browser zoom makes each CSS pixel 4 device pixels, so a 1280 × 1024 window at 400% lays pages out in
1280 / 4 = 320 by 1024 / 4 = 256 CSS pixels, with window.devicePixelRatio 4, which is exactly what this
emulation gives (same layout width, same media queries, same pixel ratio). WCAG 1.4.10 names 320 CSS px as the
equivalent of 1280 px at 400%. (CSS `zoom` on the page, or CDP's page scale factor, would not do: the first
leaves the viewport 1280 CSS px wide and the second is pinch zoom, which never reflows.)

Text spacing: with the spacing WCAG 1.4.12 asks for forced on every element, as the text spacing bookmarklet
does (line height 1.5, 2em after paragraphs, letter spacing 0.12em, word spacing 0.16em), no text is cut off:
no element that hides or clips its overflow holds text and has more content than room (its scroll size bigger
than its client size), and at 320 px nothing scrolls sideways. The contexts bypass the Content-Security-Policy
so the style can go in, as a reader's own style sheet or extension would.

Every test goes through the same pages: the home page, search results with filters (and, at 320 px, with
the menu open), and a service.
"""
from __future__ import annotations

import re

import pytest

from .support import TEXT_SPACING, assert_no_horizontal_scrolling, assert_nothing_clipped

NARROW = {"width": 320, "height": 640}
ZOOMED_400 = {"viewport": {"width": 320, "height": 256}, "device_scale_factor": 4}  # 1280 × 1024 at 400%
WIDE = {"width": 1280, "height": 1024}
SEARCH = "/search?q=short+breaks&need=autism&age=9&postcode=E8+1DY&free=yes&sort=distance"


def walk_reflow_pages(page, axe, check) -> None:
    """The home page, search results with filters, the same with the menu open (where there is a menu button),
    and the first result's service page: `check(page)` on each, then axe."""
    page.goto("/")
    check(page)
    axe.check(page)

    page.goto(SEARCH)
    assert page.locator(".app-result").count() > 0
    check(page)
    axe.check(page)
    # On a narrow screen the menu button stands in for the navigation, and opens it.
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
        assert page.get_by_role("link", name="Browse by need").is_visible()
        check(page)
        axe.photograph(page, "search-menu-open")

    with page.expect_navigation():
        page.locator(".app-result__title a").first.click()
    assert re.search(r"/services/[0-9a-f-]{36}$", page.url)
    check(page)
    axe.check(page)


def test_reflow_at_320_px(new_page, axe):
    walk_reflow_pages(new_page(viewport=NARROW), axe, assert_no_horizontal_scrolling)


def test_reflow_at_400_percent_zoom(new_page, axe):
    page = new_page(**ZOOMED_400)
    page.goto("/")
    assert page.evaluate("() => [innerWidth, devicePixelRatio]") == [320, 4]
    walk_reflow_pages(page, axe, assert_no_horizontal_scrolling)


@pytest.mark.parametrize("viewport", [NARROW, WIDE], ids=["320px", "1280px"])
def test_text_spacing(new_page, axe, viewport):
    page = new_page(viewport=viewport, bypass_csp=True)

    def check(page):
        if not page.evaluate("() => !!document.getElementById('text-spacing')"):
            page.add_style_tag(content=TEXT_SPACING).evaluate("s => { s.id = 'text-spacing'; }")
        assert page.evaluate("() => getComputedStyle(document.querySelector('main p')).wordSpacing") != "0px"
        page.evaluate("() => document.fonts.ready.then(() => true)")
        assert_nothing_clipped(page)
        if viewport is NARROW:
            assert_no_horizontal_scrolling(page)

    walk_reflow_pages(page, axe, check)
