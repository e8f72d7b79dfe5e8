"""What the browser tests share: axe-core checks, keyboard moves with focus checks, reflow.

Everything here works on a Playwright sync `Page`.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urldefrag

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

# Every checked page is also photographed here (git-ignored), one folder a test, numbered in step order.
ARTIFACTS = Path(__file__).parent.parent.parent / "test-artifacts" / "browser"

# WCAG 2.0, 2.1 and 2.2, levels A and AA: what UK public sector sites must meet.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

DEFAULT_TITLE = "Local Offer – Riverside Borough Council"

_RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.map(String), html: n.html.slice(0, 200), summary: n.failureSummary})),
  }));
}"""

_PAGE_FACTS = """() => ({
  title: document.title,
  h1: Array.from(document.querySelectorAll('h1')).map(h => h.innerText.trim()),
})"""


class AxeChecker:
    """Runs axe-core in pages, and knows which loaded pages have not been checked yet."""

    def __init__(self, source: str):
        self.source = source
        self.unchecked: list[str] = []  # URLs loaded and not yet checked, in order
        self.checked: list[str] = []
        self._photographed: set[Path] = set()

    def track(self, page):
        """Every full page load in this page must be checked before the test ends. Returns a function
        that stops tracking."""
        def loaded(loaded_page):
            self.unchecked.append(_url(loaded_page.url))

        page.on("load", loaded)
        return lambda: page.remove_listener("load", loaded)

    def check(self, page) -> None:
        """Zero WCAG 2.2 A/AA violations on the page as it is now, one <h1> and a page title of its own."""
        page.wait_for_load_state("load")
        url = _url(page.url)
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(self.source)
        violations = page.evaluate(_RUN_AXE, AXE_TAGS)
        if violations:
            lines = [f"axe-core found {len(violations)} WCAG 2.2 A/AA violation(s) on {url}:"]
            for violation in violations:
                lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
                for node in violation["nodes"]:
                    lines.append(f"    target {' '.join(node['target'])}  {node['html']}")
                    lines.append("      " + node["summary"].replace("\n", "\n      "))
            raise AssertionError("\n".join(lines))
        facts = page.evaluate(_PAGE_FACTS)
        assert len(facts["h1"]) == 1, f"{url} has {len(facts['h1'])} <h1> elements: {facts['h1']}"
        assert facts["title"].strip() and facts["title"] != DEFAULT_TITLE, \
            f"{url} has no page title of its own: {facts['title']!r}"
        self.checked.append(url)
        self.photograph(page)
        # Loads of this URL so far are checked (a later load of it is a new page and needs its own check).
        self.unchecked = [u for u in self.unchecked if u != url]

    def photograph(self, page, label: str = "") -> Path:
        """A full-page screenshot of this step in test-artifacts/browser/<test>/NN-<page>.png."""
        test = os.environ.get("PYTEST_CURRENT_TEST", "outside-a-test").split(" ")[0]
        folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", test.split("::", 1)[-1])[:120]
        if folder not in self._photographed:  # a new run of this test starts its folder afresh
            shutil.rmtree(folder, ignore_errors=True)
            self._photographed.add(folder)
        folder.mkdir(parents=True, exist_ok=True)
        step = len(list(folder.glob("*.png"))) + 1
        slug = re.sub(r"[^\w-]+", "_", label or _url(page.url).split("//", 1)[-1].split("/", 1)[-1] or "home")[:60]
        path = folder / f"{step:02d}-{slug}.png"
        # Web fonts load when text first needs them; photograph the page as a reader sees it, not tofu.
        page.evaluate("() => document.fonts.ready.then(() => true)")
        # One image pixel a CSS pixel: a page at 400% zoom (device scale factor 4) would otherwise be 16 times
        # the pixels, too slow to photograph in full on a busy machine.
        page.screenshot(path=str(path), full_page=True, scale="css")
        return path

    def assert_every_page_checked(self) -> None:
        assert not self.unchecked, "pages loaded but never checked with axe-core: " + ", ".join(self.unchecked)


def _url(url: str) -> str:
    return urldefrag(url)[0]


# --- the keyboard ----------------------------------------------------------------------------------------

# About document.activeElement: what it is, whether it matches the wanted element, and (when asked) whether
# focus is visible: its styles (and those of its label and pseudo-elements, where GOV.UK draws the focus
# ring of checkboxes and radios) are compared focused and unfocused.
_FOCUSED = """(want) => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {none: true};
  const squash = s => (s || '').replace(/\\s+/g, ' ').trim();
  const labels = el.labels ? Array.from(el.labels).map(l => squash(l.innerText)).join(' ') : '';
  const text = squash(el.tagName === 'INPUT' ? labels || el.value : el.innerText || el.getAttribute('aria-label')).slice(0, 80);
  const describe = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.getAttribute('name') ? '[name=' + el.getAttribute('name') + ']' : '') +
    (el.getAttribute('href') ? '[href=' + el.getAttribute('href') + ']' : '') + ' "' + (text || labels) + '"';
  const result = {
    none: false,
    index: Array.prototype.indexOf.call(document.getElementsByTagName('*'), el),
    describe,
    matches: !!want.css && el.matches(want.css) && (!want.text || (text + ' ' + labels).includes(want.text)),
    inMain: !!el.closest('main'),
    inFooter: !!el.closest('footer'),
    isSkipLink: el.classList.contains('govuk-skip-link'),
    isErrorSummary: el.classList.contains('govuk-error-summary'),
    isBanner: el.classList.contains('govuk-notification-banner'),
    id: el.id,
  };
  if (!want.checkFocus) return result;

  const parts = [[el, null], [el, '::before'], [el, '::after']];
  for (const label of (el.labels || [])) parts.push([label, null], [label, '::before'], [label, '::after']);
  const props = ['outlineStyle', 'outlineWidth', 'outlineColor', 'boxShadow', 'backgroundColor',
                 'borderTopWidth', 'borderTopColor', 'borderBottomWidth', 'borderBottomColor'];
  // An element drawn invisibly (GOV.UK's checkboxes and radios) shows focus through its label instead.
  const unseen = e => { const s = getComputedStyle(e); return s.opacity === '0' || s.visibility === 'hidden'; };
  const snap = () => parts.map(([e, pseudo]) => {
    const s = getComputedStyle(e, pseudo);
    return unseen(e) ? {} : Object.fromEntries(props.map(k => [k, s[k]]));
  });
  const transparent = c => c === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(c);
  const outlineShows = s => s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && !transparent(s.outlineColor);
  const rect = el.getBoundingClientRect();
  const focusVisible = el.matches(':focus-visible');
  const focused = snap();
  el.blur();
  const plain = snap();
  el.focus();
  const changes = [];
  focused.forEach((f, i) => {
    const p = plain[i];
    if (outlineShows(f) && (!outlineShows(p) || f.outlineColor !== p.outlineColor || f.outlineWidth !== p.outlineWidth))
      changes.push('outline ' + f.outlineWidth + ' ' + f.outlineColor);
    if (f.boxShadow !== p.boxShadow && f.boxShadow !== 'none') changes.push('box-shadow ' + f.boxShadow);
    if (f.backgroundColor !== p.backgroundColor && !transparent(f.backgroundColor))
      changes.push('background ' + f.backgroundColor);
    if ((f.borderTopWidth !== p.borderTopWidth || f.borderTopColor !== p.borderTopColor ||
         f.borderBottomWidth !== p.borderBottomWidth || f.borderBottomColor !== p.borderBottomColor) &&
        !transparent(f.borderBottomColor)) changes.push('border');
  });
  result.focus = {
    focusVisible, changes, refocused: document.activeElement === el,
    onScreen: rect.width > 0 && rect.height > 0,
  };
  return result;
}"""


_HAS_FOCUS = "() => !!document.activeElement && document.activeElement !== document.body" \
             " && document.activeElement !== document.documentElement"


# The index (as in _FOCUSED) of the element the address's #fragment names, or -1.
_FRAGMENT_TARGET = """() => {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id && document.getElementById(id);
  return target ? Array.prototype.indexOf.call(document.getElementsByTagName('*'), target) : -1;
}"""


class Keyboard:
    """Moves through a page with Tab and Shift+Tab only, checking at each stop that focus can be seen."""

    def __init__(self, page):
        self.page = page
        self._shown: set[tuple[str, int]] = set()  # (url, element) already seen to show focus
        # Nothing in the page had focus after the last key: a fresh page, or focus out in the browser's controls.
        self._outside = True

    def _check(self, info: dict) -> None:
        if not info["none"]:
            assert_focus_visible(info, self.page.url)
            self._shown.add((self.page.url, info["index"]))

    def focused(self, css: str | None = None, text: str | None = None, check_focus: bool = False) -> dict:
        return self.page.evaluate(_FOCUSED, {"css": css, "text": text, "checkFocus": check_focus})

    def _tab(self, key: str, css: str | None = None, text: str | None = None, check_focus: bool = False) -> dict:
        """Press a key and return what has focus once it has settled.

        Focus that leaves the page goes out to the browser's own controls, and the next Tab brings it back in.
        Coming back in, Chromium can report no focus for a while before the first element gets it (more
        than 150 ms on a busy CI machine: the next Tab then went on from the skip link and the round check
        saw the second element, "a loop"). So when nothing in the page had focus before the key (focus out in
        the browser's controls, or a page just loaded), no focus is waited on for up to 2 s before it counts
        as being outside the page; a Tab from an element in the page that finds no focus (leaving the page)
        waits only 150 ms. Waiting never moves focus, so a page that sends focus somewhere wrong is still
        caught, as a loop or a focus trap (test_checks_can_fail.py)."""
        self.page.keyboard.press(key)
        info = self.focused(css, text, check_focus)
        if info["none"]:
            try:
                self.page.wait_for_function(_HAS_FOCUS, polling=25, timeout=2000 if self._outside else 150)
            except PlaywrightTimeoutError:
                pass
            else:
                info = self.focused(css, text, check_focus)
        self._outside = info["none"]
        return info

    def press(self, key: str) -> dict:
        """Press a key; return the newly focused element, having checked its focus indicator."""
        info = self._tab(key, check_focus=True)
        self._check(info)
        return info

    def tab_to(self, css: str, text: str | None = None, *, backwards: bool = False, limit: int = 250) -> dict:
        """Tab (or Shift+Tab) until the element matching css (and containing text) has focus."""
        key = "Shift+Tab" if backwards else "Tab"
        stops = []
        for _ in range(limit):
            info = self._tab(key, css, text)
            if info["none"]:
                stops.append("(left the page)")
                continue
            if (self.page.url, info["index"]) not in self._shown:
                info = self.focused(css, text, check_focus=True)
                self._check(info)
            stops.append(info["describe"])
            if info["matches"]:
                return info
        raise AssertionError(f"{key} never reached {css} {text or ''} on {self.page.url}; stops: "
                             + " → ".join(stops[-40:]))

    def activate(self, key: str = "Enter", *, navigates: bool = True) -> None:
        """Press Enter (links, buttons) or Space (buttons, checkboxes) on the focused element."""
        if navigates:
            with self.page.expect_navigation():
                self.page.keyboard.press(key)
            self.page.wait_for_load_state("load")
            self._outside = True
        else:
            self.page.keyboard.press(key)

    def tab_round_the_page(self) -> list[str]:
        """Tab once round the whole page, checking every stop shows focus; returns the stops in order.

        On a freshly loaded page nothing has focus and the first Tab stop must be the skip link (or, where the
        address has a #fragment, the first after the element it names); where
        GOV.UK Frontend has put focus on an error summary or a success banner, Tab goes on from there.
        Either way Tab must reach the footer and come back round to where it started (nothing traps focus),
        and Shift+Tab from the skip link must go back to the footer. Leaves focus on the skip link."""
        page = self.page
        start = self.focused()
        anchor = page.evaluate(_FRAGMENT_TARGET)
        if not start["none"]:
            assert start["isErrorSummary"] or start["isBanner"], f"{start['describe']} has focus when {page.url} loads"
        stops: list[dict] = []
        seen: set[int] = set()
        left_page = 0
        for _ in range(400):
            info = self.press("Tab")
            if info["none"]:  # out to the browser's own controls; the next Tab comes back to the page
                left_page += 1
                continue
            if info["index"] in seen:
                break
            seen.add(info["index"])
            stops.append(info)
        else:
            raise AssertionError(f"Tab never came back round on {page.url}")
        trail = " → ".join(stop["describe"] for stop in stops)
        assert info["index"] == stops[0]["index"], \
            f"Tab went round in a loop on {page.url} at {info['describe']} (a focus trap): {trail}"
        assert left_page <= 1, f"Tab left {page.url} {left_page} times in one round"
        if start["none"] and anchor >= 0:
            # The address ends in #fragment (a form posted from a page reached with the skip link keeps
            # "#main-content" through its redirect): Tab starts from the fragment's target.
            assert stops[0]["index"] > anchor, f"the first Tab stop on {page.url} is {stops[0]['describe']}, " \
                                               "before the element the address's #fragment names"
        elif start["none"]:
            assert stops[0]["isSkipLink"], f"the first Tab stop on {page.url} is {stops[0]['describe']}, " \
                                           "not the skip link"
        assert any(stop["isSkipLink"] for stop in stops), f"Tab never reached the skip link on {page.url}"
        assert any(stop["inFooter"] for stop in stops), f"Tab never reached the footer on {page.url}: {trail}"
        # Backwards from the skip link: out of the page, then the last thing in the footer.
        self.tab_to(".govuk-skip-link", limit=len(stops) + 2)
        back = self.press("Shift+Tab")
        if back["none"]:
            back = self.press("Shift+Tab")
        assert not back["none"] and back["inFooter"], \
            f"Shift+Tab from the skip link on {page.url} went to {back.get('describe')}, not the footer"
        self.tab_to(".govuk-skip-link", limit=3)
        return [stop["describe"] for stop in stops]

    def skip_to_main(self) -> None:
        """With the skip link focused: Enter moves focus to <main>, and the next Tab stop is inside it."""
        assert self.focused()["isSkipLink"], f"the skip link does not have focus on {self.page.url}"
        self.page.keyboard.press("Enter")
        main = self.focused()
        assert not main["none"] and main["id"] == "main-content", \
            f"the skip link moved focus to {main.get('describe')}, not <main>, on {self.page.url}"

    def check_error_summary(self, fields: list[str]) -> None:
        """On a page with errors: the error summary has focus; each of its links, in order, moves focus to
        its field (GOV.UK Frontend's error summary), reached with Tab from the summary and Shift+Tab after."""
        page = self.page
        summary = self.focused()
        assert not summary["none"] and summary["isErrorSummary"], \
            f"the error summary does not have focus on {page.url}: {summary.get('describe')}"
        links = page.locator(".govuk-error-summary__list a")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert [h.lstrip("#") for h in hrefs] == fields, f"error summary links {hrefs}, wanted {fields}"
        for number, field in enumerate(fields):
            if number == 0:
                info = self.tab_to(f'.govuk-error-summary__list a[href="#{field}"]', limit=3)
            else:
                info = self.tab_to(f'.govuk-error-summary__list a[href="#{field}"]', backwards=True, limit=80)
            assert info["matches"]
            page.keyboard.press("Enter")
            landed = self.focused()
            assert landed.get("id") == field, \
                f"the error summary link to #{field} moved focus to {landed.get('describe')} on {page.url}"


def assert_focus_visible(info: dict, url: str) -> None:
    focus = info["focus"]
    assert focus["onScreen"], f"{info['describe']} has focus but takes no space on {url}"
    assert focus["focusVisible"], f"{info['describe']} has keyboard focus but not :focus-visible on {url}"
    assert focus["changes"], f"{info['describe']} looks the same focused and unfocused on {url}"
    assert focus["refocused"], f"{info['describe']} could not be focused again on {url}"


# --- reflow -------------------------------------------------------------------------------------------------

def assert_no_horizontal_scrolling(page, width: int = 320) -> None:
    sizes = page.evaluate("() => ({scroll: document.documentElement.scrollWidth,"
                          " client: document.documentElement.clientWidth})")
    if sizes["scroll"] <= min(width, sizes["client"]):
        return
    wide = page.evaluate("""(width) => Array.from(document.querySelectorAll('body *'))
      .filter(e => e.getBoundingClientRect().right > width + 0.5 && getComputedStyle(e).position !== 'fixed')
      .slice(0, 8).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
        (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') +
        ' right=' + Math.round(e.getBoundingClientRect().right))""", width)
    raise AssertionError(f"{page.url} scrolls sideways at {width} px: scrollWidth {sizes['scroll']} > "
                         f"clientWidth {sizes['client']}; too wide: {wide}")


# --- text spacing ---------------------------------------------------------------------------------------

# The text spacing bookmarklet's style sheet (Steve Faulkner's, as WCAG's Understanding 1.4.12 uses).
TEXT_SPACING = ("* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
                " word-spacing: 0.16em !important; }  p { margin-bottom: 2em !important; }")

# Elements that hide or clip their overflow, hold visible text and have more content than room. Screen-reader
# only text (GOV.UK's visually-hidden: 1 × 1 px, clipped on purpose) and elements not drawn are left out.
_CLIPPED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    const clipsX = ['hidden', 'clip'].includes(style.overflowX), clipsY = ['hidden', 'clip'].includes(style.overflowY);
    if (!clipsX && !clipsY) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1 || style.visibility !== 'visible') continue;
    const text = (el.innerText || '').replace(/\\s+/g, ' ').trim();
    if (!text) continue;
    const wide = clipsX && el.scrollWidth > el.clientWidth + 1;
    const tall = clipsY && el.scrollHeight > el.clientHeight + 1;
    if (!wide && !tall) continue;
    found.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (typeof el.className === 'string' && el.className.trim()
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
      ` scroll ${el.scrollWidth}×${el.scrollHeight} > client ${el.clientWidth}×${el.clientHeight}` +
      ` (overflow ${style.overflowX}/${style.overflowY}): "${text.slice(0, 60)}"`);
  }
  return found;
}"""


def assert_nothing_clipped(page) -> None:
    clipped = page.evaluate(_CLIPPED)
    assert not clipped, f"with text spacing increased, text is cut off on {page.url}:\n  " + "\n  ".join(clipped)
