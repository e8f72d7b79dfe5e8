"""The shortlist as a PDF, in the reader's interface language and script, each listing's text in that
language where it is translated (else the English, with a note, as on the web pages).

fpdf2 writes it. Interface text is set in the Noto family for the language's script (Arabic for
ar and ur, Bengali, Gurmukhi for pa, Hebrew for yi, else Latin); the other families stand behind
it as fallback fonts, so a Latin service name or phone number sits beside Arabic labels, and a
translated service name in any of these scripts still shows. HarfBuzz (uharfbuzz) shapes the text,
so Arabic letters join and Bengali and Gurmukhi vowel signs combine, and right-to-left languages run
right to left from the right margin. Addresses, phone numbers and links keep their left-to-right
order inside right-to-left lines, as `<bdi dir="ltr">` does on the web pages.
"""
from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from datetime import date

from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from . import content_translations as ct
from . import pdf_fonts
from .easy_read import easy_read_lines
from .models import Location, Service

# Unicode's directional isolates: the PDF equivalents of <bdi dir="ltr"> and <bdi>.
LTR_ISOLATE, FIRST_STRONG_ISOLATE, POP_ISOLATE = "\u2066", "\u2068", "\u2069"
NO_ISOLATES = str.maketrans("", "", LTR_ISOLATE + FIRST_STRONG_ISOLATE + POP_ISOLATE)
ZERO_WIDTH_SPACE = 0x200B

MARGIN_MM = 18
RULE_SPACE = 4  # mm below a horizontal rule
# Words wrap before the line is full: a line of text takes up to this much more than its bare width.
WRAP_ALLOWANCE = 1.15
TEXT_GREY = (80, 80, 80)
RULE_GREY = (177, 180, 182)
BRAND = (16, 97, 101)  # the site's teal, #106165


def location_text(location: Location) -> str:
    """A location on one line: its name, street, town and postcode."""
    return ", ".join(part for part in (location.name, location.address_1, location.city, location.postcode) if part)


def first_strong_direction(text: str) -> str | None:
    """"ltr" or "rtl" from the first letter with a direction (as HTML's dir="auto"), or None if it has none."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


class ShortlistDocument(FPDF):
    """An A4 document in one language's direction, with page numbers in the footer."""

    def __init__(self, language: str, direction: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.language = language
        self.direction = direction
        self.rtl = direction == "rtl"
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(True, margin=MARGIN_MM)
        self.set_lang(language)
        self.interface_family = pdf_fonts.main_family(language)
        for family in pdf_fonts.FAMILIES:
            for style in pdf_fonts.WEIGHTS:
                self.add_font(family.name, style, str(pdf_fonts.font_file(family, style)))
        self.set_fallback_fonts([family.name for family in pdf_fonts.FAMILIES])
        self.set_text_shaping(use_shaping_engine=True, direction=direction)
        self.set_font(self.interface_family.name, "", 11)

    @property
    def align(self) -> str:
        return "R" if self.rtl else "L"

    def isolate(self, text: str) -> str:
        """Content set inside interface text (an organisation's name), in its own direction whatever it is."""
        return f"{FIRST_STRONG_ISOLATE}{text}{POP_ISOLATE}" if self.rtl else text

    def ltr(self, text: str) -> str:
        """Text that must read left to right (a phone number, an address, a link), kept so in any line."""
        return f"{LTR_ISOLATE}{text}{POP_ISOLATE}" if self.rtl else text

    def _prepare(self, text: str, size: float, style: str, content: bool) -> str:
        """Set the font and direction for a paragraph; returns the text to write.

        The font is the family of the paragraph's own script (the others fill in letters it lacks), so
        spaces between Latin words never come from an Arabic font. Interface text runs in the
        document's direction; content (a service's name or summary, which may be in English on an
        Arabic page) runs in its own, as HTML's dir="auto" would. HarfBuzz shapes only the paragraphs
        that need it (fpdf2's line breaking re-shapes a line for each letter it adds, so shaping plain
        Latin text would make a long shortlist take seconds); those need no direction marks either.
        """
        self.set_font(pdf_fonts.family_for_text(text, self.interface_family).name, style, size)
        if not pdf_fonts.needs_shaping(text):
            self.set_text_shaping(False)
            return text.translate(NO_ISOLATES)
        direction = (first_strong_direction(text) if content else None) or self.direction
        self.set_text_shaping(use_shaping_engine=True, direction=direction)
        return text

    def paragraph(self, text: str, size: float = 11, style: str = "", colour=(0, 0, 0), space_after: float = 1.5,
                  link: str = "", content: bool = False) -> None:
        """One block of wrapped text across the page, then a little space."""
        text = self._prepare(text, size, style, content)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, text, align=self.align, new_x=XPos.LMARGIN, new_y=YPos.NEXT, link=link)
        self.ln(space_after)
        self.set_text_color(0, 0, 0)

    def paragraph_height(self, text: str, size: float = 11, style: str = "", space_after: float = 1.5,
                         content: bool = False, **_ignored) -> float:
        """About how much of the page `paragraph` would take (a little more, never less), without writing.

        Measured from the text's width in one go: fpdf2's own dry run lays the text out letter by
        letter, which would double the time a long shortlist takes.
        """
        text = self._prepare(text, size, style, content)
        lines = sum(max(1, math.ceil(self.get_string_width(line) * WRAP_ALLOWANCE / self.epw))
                    for line in text.split("\n"))
        return lines * size * 0.5 + space_after

    def keep_together(self, paragraphs: list[dict], extra: float = 0) -> None:
        """Write PARAGRAPHS (keyword arguments of `paragraph`) on one page: start a new page if they would not fit."""
        height = sum(self.paragraph_height(**p) for p in paragraphs) + extra
        if height < self.eph and self.will_page_break(height):
            self.add_page()
        for p in paragraphs:
            self.paragraph(**p)

    def rule(self, colour=RULE_GREY) -> None:
        self.set_draw_color(*colour)
        self.set_line_width(0.3)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(RULE_SPACE)

    def footer(self) -> None:
        text = _("Page %(number)d", number=self.page_no())
        self.set_y(-MARGIN_MM + 6)
        text = self._prepare(text, 9, "", content=False)
        self.set_text_color(*TEXT_GREY)
        self.cell(0, 5, text, align="C")
        self.set_text_color(0, 0, 0)
        # The footer is the last thing written on a page, and the last page's is the last in the document.
        self._map_glyphs_without_text()

    def _map_glyphs_without_text(self) -> None:
        """Give every glyph of no letter of its own a text that copies as nothing visible.

        HarfBuzz turns some letters into more than one glyph (Noto Sans Arabic draws dots as glyphs of
        their own). fpdf2 leaves those extra glyphs out of the font's ToUnicode map, so PDF readers copy
        and extract their raw codes as stray characters in the middle of words; mapped to U+200B (zero
        width space) they are invisible.
        """
        for font in self.fonts.values():
            mapping = getattr(getattr(font, "subset", None), "_char_id_per_glyph", None)
            if not mapping:
                continue
            for glyph, code in list(mapping.items()):
                if glyph is not None and isinstance(glyph.unicode, tuple) and not glyph.unicode:
                    del mapping[glyph]
                    silent = type(glyph)(glyph.glyph_id, (ZERO_WIDTH_SPACE,), glyph.glyph_name, glyph.glyph_width)
                    mapping[silent] = code


def _joined(texts) -> str:
    return ", ".join(str(text) for text in texts)


def _easy_read_text(text: str) -> str:
    return "\n".join(easy_read_lines(text))


def _notes_text(item: ct.TakeawayListing) -> str:
    """The notes about a listing's language, as the web page gives them, on one line."""
    if item.only_english:
        return _("This listing is only in English")
    notes = item.notes
    said = []
    if notes.only_english:
        said.append(_("This part is only in English"))
    if notes.unreviewed:
        said.append(_("Translated, not yet checked"))
    if notes.out_of_date:
        said.append(_("The English has changed since this was translated"))
    return " · ".join(said)


def _service_paragraphs(pdf: ShortlistDocument, item: ct.TakeawayListing | Service, page_url: str) -> list[dict]:
    """A listing as the keyword arguments of `ShortlistDocument.paragraph`, one dict a paragraph.

    Its name, summary, type of support, needs, who can use it, how to access and easy-read summary are
    in the document's language where translated (`ct.takeaway_listings`), else the English, with the
    notes the web page gives ("This part is only in English").
    """
    if isinstance(item, Service):
        item = ct.takeaway_listings([item], pdf.language)[0]
    service, loc = item.service, item.loc
    paragraphs = [
        dict(text=loc.name.text, size=14, style="B", space_after=1, content=True),
        dict(text=_("Provided by %(organisation)s", organisation=pdf.isolate(item.organisation.text)), size=10,
             colour=TEXT_GREY),
    ]
    if loc.summary:
        paragraphs.append(dict(text=loc.summary.text, content=True))
    facts = []
    if item.categories:
        facts.append((_("Type of support:"), _joined(item.categories)))
    if item.needs:
        facts.append((_("Needs supported:"), _joined(item.needs)))
    if loc.eligibility:
        facts.append((_("Who can use it:"), loc.eligibility.text))
    if loc.how_to_access:
        facts.append((_("How to access:"), loc.how_to_access.text))
    if loc.easy_read_summary:
        facts.append((_("Easy read:"), _easy_read_text(loc.easy_read_summary.text)))
    for label, text in facts:
        # The label in the document's language, then the text in its own direction (it may be the English).
        paragraphs += [dict(text=label, size=10, style="B", space_after=0.5), dict(text=text, content=True)]
    notes = _notes_text(item)
    if notes:
        paragraphs.append(dict(text=notes, size=9, colour=TEXT_GREY))
    contact = []
    if service.phone:
        contact.append(_("Phone:") + " " + pdf.ltr(service.phone))
    if service.email:
        contact.append(_("Email:") + " " + pdf.ltr(service.email))
    if service.website:
        contact.append(_("Website:") + " " + pdf.ltr(service.website))
    contact += [_("Address:") + " " + pdf.ltr(location_text(location)) for location in service.locations]
    paragraphs += [dict(text=line, space_after=0.5) for line in contact]
    paragraphs.append(dict(text=_("More information:") + " " + pdf.ltr(page_url), size=9, colour=BRAND,
                           link=page_url, space_after=3))
    return paragraphs


def shortlist_pdf(services: list[Service], made_on: date, council: str,
                  page_url: Callable[[Service], str]) -> bytes:
    """The shortlist as PDF bytes, in the current Flask-Babel locale's language and direction."""
    locale = get_locale()
    language = locale.language if locale else "en"
    pdf = ShortlistDocument(language, locale.text_direction if locale else "ltr")
    title = _("Your shortlist")
    pdf.set_title(title)
    pdf.set_author(council)
    pdf.set_creator(_("Local Offer"))
    pdf.add_page()

    pdf.paragraph(_("%(council)s Local Offer", council=council), size=11, colour=BRAND, space_after=1)
    pdf.paragraph(title, size=22, style="B", space_after=2)
    pdf.paragraph(_("Made on %(date)s", date=format_date(made_on, "long")), size=11, colour=TEXT_GREY,
                  space_after=1)
    pdf.paragraph(ngettext("%(num)d service", "%(num)d services", len(services)), size=11, colour=TEXT_GREY,
                  space_after=4)
    pdf.rule(BRAND)
    for item in ct.takeaway_listings(services, ct.reader_language()):
        # A service is never split across two pages: it moves to the next page whole.
        pdf.keep_together(_service_paragraphs(pdf, item, page_url(item.service)), extra=RULE_SPACE)
        pdf.rule()
    pdf.paragraph(_("Details can change. Check with the service before you go, or look at the Local Offer "
                    "website for the latest information."), size=9, colour=TEXT_GREY)
    return bytes(pdf.output())
