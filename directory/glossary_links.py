"""Glossary terms explained where they first appear in a listing's text.

The first time a page's content uses a glossary term ("EHC plan", "short breaks") or its abbreviation
("SENCO"), it becomes a link to the term's entry on /glossary, so keyboard, touch and screen-reader
users can all reach the meaning (an `<abbr title>` alone only helps a mouse). Abbreviations are also
wrapped in `<abbr title="…">` with the words they stand for.

Content is typed by providers: every piece of it is escaped, and only our own tags are markup.
The words we look for are English, as listings are written in English first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape


@dataclass(frozen=True)
class TermForm:
    anchor: str  # the entry's id on /glossary (see glossary.py)
    words: str  # as it is written in content
    stands_for: object = None  # for an abbreviation: the words it is short for (a lazy string)
    exact_case: bool = False  # only in these capitals: "SEND", not the verb "send"


# Every way content names a glossary entry. A trailing "s" (plurals: "EHC plans", "SENCOs") also
# matches. Abbreviations that are also everyday words (SEND, SALT, OT, RAG) match only in capitals.
TERM_FORMS = [
    TermForm("send", "SEND", _l("special educational needs and disabilities"), exact_case=True),
    TermForm("send", "special educational needs and disabilities"),
    TermForm("send", "special educational needs and disability"),
    TermForm("local-offer", "Local Offer"),
    TermForm("ehcp", "EHC plan", _l("education, health and care plan")),
    TermForm("ehcp", "EHCP", _l("education, health and care plan")),
    TermForm("ehcp", "education, health and care plan"),
    TermForm("ehcp", "education health and care plan"),
    TermForm("sen-support", "SEN support", _l("special educational needs support")),
    TermForm("senco", "SENCO", _l("special educational needs coordinator")),
    TermForm("senco", "SENDCO", _l("special educational needs and disabilities coordinator")),
    TermForm("senco", "special educational needs coordinator"),
    TermForm("sendiass", "SENDIASS", _l("SEND information, advice and support service")),
    TermForm("sendiass", "SENDIAS", _l("SEND information, advice and support service")),
    TermForm("camhs", "CAMHS", _l("children and young people's mental health services")),
    TermForm("salt", "SALT", _l("speech and language therapy"), exact_case=True),
    TermForm("salt", "speech and language therapy"),
    TermForm("ot", "OT", _l("occupational therapy"), exact_case=True),
    TermForm("ot", "occupational therapy"),
    TermForm("short-breaks", "short break"),
    TermForm("short-breaks", "respite"),
    TermForm("pfa", "preparing for adulthood"),
    TermForm("pfa", "PfA", _l("preparing for adulthood")),
    TermForm("post-16", "post-16"),
    TermForm("post-16", "post-19"),
    TermForm("pcf", "parent carer forum"),
    TermForm("pcf", "PCF", _l("parent carer forum"), exact_case=True),
    TermForm("co-production", "co-production"),
    TermForm("co-production", "coproduction"),
    TermForm("personal-budget", "personal budget"),
    TermForm("personal-budget", "direct payment"),
    TermForm("brag", "BRAG", _l("blue, red, amber, green"), exact_case=True),
    TermForm("brag", "RAG", _l("red, amber, green"), exact_case=True),
    TermForm("wsoa", "Written Statement of Action"),
    TermForm("wsoa", "WSoA", _l("Written Statement of Action")),
]


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    # One alternation, longest first, so "SEN support" wins over a shorter form starting at the same place.
    # Each form is its own named group; case-insensitive forms carry a scoped (?i:...) flag.
    parts = []
    for index, form in sorted(enumerate(TERM_FORMS), key=lambda pair: -len(pair[1].words)):
        body = r"\s+".join(re.escape(word) for word in form.words.split())
        if not form.exact_case:
            body = f"(?i:{body})"
        parts.append(f"(?P<t{index}>{body}s?)")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def _form_of(match: re.Match) -> TermForm:
    return TERM_FORMS[int(match.lastgroup[1:])]


def _term_markup(text: str, form: TermForm) -> Markup:
    shown = escape(text)
    if form.stands_for is not None:
        shown = Markup('<abbr title="{}">{}</abbr>').format(str(form.stands_for), shown)
    href = url_for("directory.glossary") + "#" + form.anchor
    return Markup('<a class="govuk-link app-glossary-term" href="{}">{}<span class="govuk-visually-hidden"> {}'
                  '</span></a>').format(href, shown, _("(what this means)"))


def link_glossary_terms(text: str | None, seen: set[str] | None = None) -> Markup:
    """TEXT, escaped, with the first use of each glossary term linked to its entry.

    SEEN holds the entries already explained earlier on the page (it is updated), so that a term is
    linked once a page, not once a paragraph.
    """
    if not text:
        return Markup("")
    seen = set() if seen is None else seen
    pieces: list[Markup] = []
    position = 0
    for match in _pattern().finditer(text):
        form = _form_of(match)
        if form.anchor in seen:
            continue
        seen.add(form.anchor)
        pieces.append(escape(text[position:match.start()]))
        pieces.append(_term_markup(match.group(0), form))
        position = match.end()
    pieces.append(escape(text[position:]))
    return Markup("").join(pieces)


def glossary_terms_seen() -> set[str]:
    """A fresh record of the terms explained so far on a page, for link_glossary_terms."""
    return set()


@lru_cache(maxsize=1)
def familiar_words() -> frozenset[str]:
    """Every word of every glossary term, in lower case: readability advice does not call these long."""
    return frozenset(word.lower() for form in TERM_FORMS for word in re.findall(r"[\w-]+", form.words))
