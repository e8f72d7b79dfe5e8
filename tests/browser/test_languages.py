"""Journey 2: the family's search in Urdu, right to left, and back to English on the same page; and the
home and service pages in the scripts most at risk of showing as boxes (Arabic, Urdu, Bengali, Gurmukhi),
photographed for a person to look at (test-artifacts/browser/…)."""
from __future__ import annotations

import pytest

SEARCH = "/search?q=short+breaks&need=autism&age=9&postcode=E8+1DY&free=yes"


def page_facts(page) -> dict:
    return page.evaluate("""() => ({
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
      direction: getComputedStyle(document.querySelector('main')).direction,
      stylesheet: Array.from(document.querySelectorAll('link[rel=stylesheet]')).map(l => l.getAttribute('href')),
      results: Array.from(document.querySelectorAll('.app-result__title')).map(a => a.innerText.trim()),
      h1: document.querySelector('h1').innerText.trim(),
    })""")


def box(page, css: str) -> dict:
    return page.locator(css).first.bounding_box()


def test_the_same_search_in_urdu_reads_right_to_left_and_returns_to_english(new_page, axe):
    page = new_page(viewport={"width": 1200, "height": 900})
    page.goto(SEARCH)
    english = page_facts(page)
    assert english["lang"] == "en" and english["dir"] == "ltr"
    assert english["results"], "the search should find something"
    filters_left_to_right = box(page, ".app-search-layout__filters")["x"] > box(page, ".app-search-layout__main")["x"]
    assert filters_left_to_right  # filters sit to the right of the results in English
    axe.check(page)

    with page.expect_navigation():
        page.locator(".app-languages").get_by_role("link", name="اردو").click()
    assert page.url.endswith(SEARCH)  # the same search, its address unchanged
    urdu = page_facts(page)
    assert urdu["lang"] == "ur" and urdu["dir"] == "rtl" and urdu["direction"] == "rtl"
    assert any(href.endswith("app.rtl.css") for href in urdu["stylesheet"])
    assert urdu["results"] == english["results"]  # the same services, in the same order
    assert urdu["h1"] != english["h1"]  # the interface is in Urdu
    # Mirrored: the filters now sit to the left of the results, and the text starts at the right.
    assert box(page, ".app-search-layout__filters")["x"] < box(page, ".app-search-layout__main")["x"]
    heading = box(page, "h1")
    main = box(page, "main")
    assert heading["x"] + heading["width"] > main["x"] + main["width"] - 40
    # A postcode in the chosen filters stays left to right inside the Urdu text.
    assert "E8 1DY" in page.locator(".app-chosen-filters").inner_text()
    axe.check(page)

    with page.expect_navigation():
        page.locator(".app-languages").get_by_role("link", name="English").click()
    assert page.url.endswith(SEARCH)
    back = page_facts(page)
    assert back["lang"] == "en" and back["dir"] == "ltr"
    assert back["h1"] == english["h1"] and back["results"] == english["results"]
    axe.check(page)


def fonts_in_use(page) -> list[str]:
    """The web fonts the page has loaded (document.fonts), after they finish loading."""
    return page.evaluate("""async () => {
      await document.fonts.ready;
      return Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family.replace(/"/g, ''));
    }""")


@pytest.mark.parametrize("code, font", [("ar", "Noto Sans Arabic"), ("ur", "Noto Sans Arabic"),
                                        ("bn", "Noto Sans Bengali"), ("pa", "Noto Sans Gurmukhi"),
                                        ("yi", "Noto Sans Hebrew")])
def test_home_and_service_pages_render_each_script_with_a_real_font(new_page, axe, code, font):
    page = new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"/?lang={code}")
    assert page_facts(page)["lang"] == code
    assert font in fonts_in_use(page), f"{font} was not loaded for {code}"
    # The script's own font comes first (with Helvetica/Arial first, Chromium drew some headings as boxes).
    first_fonts = page.evaluate("() => [...new Set(Array.from(document.querySelectorAll('main h1, main h2, main label'))"
                                ".map(e => getComputedStyle(e).fontFamily.split(',')[0].replace(/\"/g, '')))]")
    assert first_fonts == [font], first_fonts
    axe.check(page)
    page.goto(f"/search?q=autism")
    axe.check(page)
    with page.expect_navigation():
        page.locator(".app-result__title a").first.click()
    assert font in fonts_in_use(page)
    axe.check(page)
