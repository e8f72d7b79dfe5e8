"""Warnings for text that looks like personal data, shown to officers before an item is made public.

These are hints, not a guarantee: an officer reads the whole text. Five kinds are looked for:
a child's name with a school, a date of birth, an NHS number (with a valid check digit), a UK phone
number and an email address.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

CHILD_AT_SCHOOL, DATE_OF_BIRTH, NHS_NUMBER = "child_at_school", "date_of_birth", "nhs_number"
PHONE, EMAIL = "phone", "email"
KINDS = (CHILD_AT_SCHOOL, DATE_OF_BIRTH, NHS_NUMBER, PHONE, EMAIL)
KIND_LABELS = {
    CHILD_AT_SCHOOL: _l("A name near a school, academy or nursery"),
    DATE_OF_BIRTH: _l("A date that could be a date of birth"),
    NHS_NUMBER: _l("An NHS number"),
    PHONE: _l("A phone number"),
    EMAIL: _l("An email address"),
}


@dataclass(frozen=True)
class Finding:
    """One piece of text that looks like personal data."""

    kind: str
    text: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])


# --- a child's name with a school -------------------------------------------------------------------------

SCHOOL_WORDS = re.compile(r"\b(schools?|academy|academies|nursery|nurseries|pre-?school|college)\b", re.I)
# Words that make a run of capitalised words the name of a school or an organisation, not a person.
PLACE_WORDS = {
    "school", "academy", "nursery", "college", "primary", "secondary", "high", "junior", "juniors", "infant",
    "infants", "grammar", "community", "church", "catholic", "trust", "council", "borough", "service", "services",
    "team", "centre", "center", "hospital", "clinic", "nhs", "university", "federation", "preschool",
    "pre-school", "road", "street", "park", "green", "lane", "unit", "hub", "base",
}
# Capitalised words that are not first names.
NOT_NAMES = {
    "i", "a", "an", "the", "my", "our", "his", "her", "their", "your", "this", "that", "these", "those", "we",
    "they", "he", "she", "it", "you", "in", "on", "at", "to", "of", "for", "from", "by", "with", "when", "if",
    "but", "and", "or", "so", "since", "after", "before", "because", "while", "there", "then", "now", "as",
    "no", "not", "yes", "all", "some", "many", "most", "every", "each", "please", "also", "however", "what",
    "why", "how", "who", "where", "which", "last", "next", "year", "years", "reception", "term", "mr", "mrs",
    "ms", "miss", "dr", "st", "saint", "local", "offer", "send", "sen", "senco", "ehc", "ehcp", "plan",
    "english", "maths", "pe", "camhs", "salt", "ot", "ofsted", "sendiass", "parent", "parents", "carer",
    "carers", "forum", "head", "headteacher", "teacher", "teachers", "transport", "christmas", "easter",
    "half", "summer", "autumn", "spring", "winter",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
}
# A name at the start of a sentence counts only when it reads like a person doing school things.
NAME_VERBS = re.compile(r"\s+(?:goes|went|attends|attended|started|starts|joined|moved|left|"
                        r"(?:is|was|has\s+been)\s+(?:at|in\s+year))\b", re.I)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
WINDOW_WORDS = 8


def _child_names(text: str) -> list[Finding]:
    school_spans = [m.span() for m in SCHOOL_WORDS.finditer(text)]
    if not school_spans:
        return []
    words = list(WORD.finditer(text))
    found = []
    i = 0
    while i < len(words):
        if not words[i].group()[0].isupper():
            i += 1
            continue
        # A run of capitalised words ("Riverside Primary School", "Amelia Jones").
        j = i
        while j + 1 < len(words) and words[j + 1].group()[0].isupper() and \
                text[words[j].end():words[j + 1].start()].strip() == "":
            j += 1
        first, run = i, words[i:j + 1]
        i = j + 1
        bare = [re.sub(r"['’]s?$", "", w.group()).lower() for w in run]
        if any(word in PLACE_WORDS for word in bare):
            continue
        for index, word in enumerate(run):
            name = bare[index]
            if name in NOT_NAMES or name.removesuffix("s") in NOT_NAMES or len(name) < 2 or word.group().isupper():
                continue
            before = text[:word.start()].rstrip()
            sentence_start = not before or before[-1] in ".!?\n:;\"“(" or before.endswith("—")
            possessive = re.search(r"['’]s$", word.group()) is not None
            if sentence_start and index == 0 and len(run) == 1 and not possessive \
                    and not NAME_VERBS.match(text[word.end():]):
                continue
            position = first + index
            lo = words[max(0, position - WINDOW_WORDS)].start()
            hi = words[min(len(words) - 1, position + WINDOW_WORDS)].end()
            if any(lo <= start and end <= hi for start, end in school_spans):
                found.append(Finding(CHILD_AT_SCHOOL, word.group(), word.start(), word.end()))
    return found


# --- dates of birth ---------------------------------------------------------------------------------------

NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2((?:19|20)\d{2})(?![\d/.-]|\.\d)")
BORN_ON = re.compile(r"\b(?:born\s+on|date\s+of\s+birth|d\.?o\.?b\.?)\b[:\s]*(?:the\s+)?[\w/.,-]+"
                     r"(?:\s+(?:of\s+)?[\w,]+){0,2}", re.I)


def _real_date(day: str, month: str, year: str) -> bool:
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _dates_of_birth(text: str) -> list[Finding]:
    found = [Finding(DATE_OF_BIRTH, m.group().rstrip(" ,."), m.start(), m.start() + len(m.group().rstrip(" ,.")))
             for m in BORN_ON.finditer(text)]
    for m in NUMERIC_DATE.finditer(text):
        if _real_date(m.group(1), m.group(3), m.group(4)) and not any(f.start <= m.start() < f.end for f in found):
            found.append(Finding(DATE_OF_BIRTH, m.group(), m.start(), m.end()))
    return found


# --- NHS numbers ------------------------------------------------------------------------------------------

NHS_CANDIDATE = re.compile(r"(?<![\d+])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\d])")


def nhs_number_is_valid(digits: str) -> bool:
    """True for ten digits whose last is the modulus 11 check digit of the other nine."""
    digits = re.sub(r"[\s-]", "", digits)
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs_numbers(text: str) -> list[Finding]:
    return [Finding(NHS_NUMBER, m.group(), m.start(), m.end()) for m in NHS_CANDIDATE.finditer(text)
            if nhs_number_is_valid(m.group())]


# --- UK phone numbers -------------------------------------------------------------------------------------

PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|0044\s?|0)(?:\(?\d\)?[\s-]?){9,10}(?!\d)")


def _phones(text: str) -> list[Finding]:
    found = []
    for m in PHONE_CANDIDATE.finditer(text):
        raw = m.group().rstrip(" -")
        digits = re.sub(r"\D", "", raw)
        if digits.startswith("0044"):
            national = "0" + digits[4:]
        elif digits.startswith("44") and raw.startswith("+"):
            national = "0" + digits[2:].removeprefix("0")
        else:
            national = digits
        if len(national) in (10, 11) and national[1] in "123578":
            found.append(Finding(PHONE, raw, m.start(), m.start() + len(raw)))
    return found


# --- email addresses --------------------------------------------------------------------------------------

EMAIL_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")


def _emails(text: str) -> list[Finding]:
    return [Finding(EMAIL, m.group(), m.start(), m.end()) for m in EMAIL_ADDRESS.finditer(text)]


def find_personal_data(text: str) -> list[Finding]:
    """Everything in the text that looks like personal data, in reading order."""
    text = text or ""
    found = _child_names(text) + _dates_of_birth(text) + _nhs_numbers(text) + _phones(text) + _emails(text)
    return sorted(found, key=lambda finding: (finding.start, finding.kind))


def scan_item(item) -> dict[str, list[Finding]]:
    """The findings in an item's title, body and "what would help", by field (fields with none left out)."""
    found = {name: find_personal_data(getattr(item, name) or "") for name in ("title", "body", "would_help")}
    return {name: findings for name, findings in found.items() if findings}
