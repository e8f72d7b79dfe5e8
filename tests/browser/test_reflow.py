"""Reflow (WCAG 1.4.10): at 320 CSS pixels wide, the width of a phone and of a 1280 px screen at 400% zoom,
nothing needs scrolling sideways."""
from __future__ import annotations

import re

import pytest

from .support import assert_no_horizontal_scrolling

NARROW = {"width": 320, "height": 640}


@pytest.fixture
def narrow_page(new_page):
    return new_page(viewport=NARROW)


def test_home_at_320_px(narrow_page, axe):
    narrow_page.goto("/")
    assert_no_horizontal_scrolling(narrow_page)
    axe.check(narrow_page)


def test_search_and_a_service_at_320_px(narrow_page, axe):
    page = narrow_page
    page.goto("/search?q=short+breaks&need=autism&age=9&postcode=E8+1DY&free=yes&sort=distance")
    assert page.locator(".app-result").count() > 0
    assert_no_horizontal_scrolling(page)
    axe.check(page)
    # The menu button stands in for the navigation on a narrow screen, and opens it.
    menu = page.get_by_role("button", name="Menu")
    assert menu.is_visible()
    menu.click()
    assert page.get_by_role("link", name="Browse by need").is_visible()
    assert_no_horizontal_scrolling(page)

    with page.expect_navigation():
        page.locator(".app-result__title a").first.click()
    assert re.search(r"/services/[0-9a-f-]{36}$", page.url)
    assert_no_horizontal_scrolling(page)
    axe.check(page)
