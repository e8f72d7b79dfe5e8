"""Fonts for the PDFs the portal makes: Noto Sans in Latin, Arabic, Bengali, Gurmukhi and Hebrew script.

The fonts come from the pinned @fontsource npm packages as WOFF2 files. fpdf2 can read WOFF2, but it
then decompresses each font on every PDF it makes; so `make setup` converts them once to TrueType in
static/dist/fonts/pdf/ by running this module (`.venv/bin/python -m directory.pdf_fonts`). When those
files are missing (static/dist was rebuilt by `node scripts/build-assets.mjs` alone), the WOFF2
originals in node_modules are used as they are: slower, the same PDF.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.core import get_global, parse_locale

ROOT = Path(__file__).resolve().parent.parent
FONTSOURCE = ROOT / "node_modules" / "@fontsource"
TTF_DIR = ROOT / "static" / "dist" / "fonts" / "pdf"

# fpdf2 style letters for the weights shipped: regular and bold.
WEIGHTS = {"": 400, "B": 700}


@dataclass(frozen=True)
class FontFamily:
    name: str  # the family name given to fpdf2
    package: str  # the @fontsource package
    subset: str  # the package's subset holding the script's letters

    def woff2(self, style: str) -> Path:
        """The npm package's WOFF2 file for a style ("" or "B")."""
        return FONTSOURCE / self.package / "files" / f"{self.package}-{self.subset}-{WEIGHTS[style]}-normal.woff2"

    def ttf(self, style: str) -> Path:
        """The converted TrueType file for a style."""
        return TTF_DIR / f"{self.package}-{self.subset}-{WEIGHTS[style]}-normal.ttf"


LATIN = FontFamily("noto-sans", "noto-sans", "latin")
LATIN_EXT = FontFamily("noto-sans-latin-ext", "noto-sans", "latin-ext")  # Polish, Romanian, Turkish, Kurdish
ARABIC = FontFamily("noto-sans-arabic", "noto-sans-arabic", "arabic")  # Arabic and Urdu
BENGALI = FontFamily("noto-sans-bengali", "noto-sans-bengali", "bengali")
GURMUKHI = FontFamily("noto-sans-gurmukhi", "noto-sans-gurmukhi", "gurmukhi")  # Punjabi
HEBREW = FontFamily("noto-sans-hebrew", "noto-sans-hebrew", "hebrew")  # Yiddish
FAMILIES = (LATIN, LATIN_EXT, ARABIC, BENGALI, GURMUKHI, HEBREW)

# ISO 15924 script codes, as in CLDR's likely subtags ("ur" -> "ur_Arab_PK").
SCRIPT_FAMILIES = {"Arab": ARABIC, "Beng": BENGALI, "Guru": GURMUKHI, "Hebr": HEBREW}


class FontsMissing(RuntimeError):
    """Neither the converted fonts nor the npm packages are there: run `make setup`."""


def script_of(language: str) -> str:
    """The script a language is usually written in ("Latn", "Arab", …), from CLDR's likely subtags."""
    base = parse_locale(language.replace("-", "_"))[0]
    likely = get_global("likely_subtags").get(base)
    if not likely:
        return "Latn"
    return parse_locale(likely)[2] or "Latn"


def main_family(language: str) -> FontFamily:
    """The family to write a language's interface text in; the others stand behind it for other scripts."""
    return SCRIPT_FAMILIES.get(script_of(language), LATIN)


# Unicode blocks of the scripts with their own family (the presentation forms too, which some text has).
SCRIPT_RANGES = (
    (ARABIC, ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))),
    (HEBREW, ((0x0590, 0x05FF), (0xFB1D, 0xFB4F))),
    (BENGALI, ((0x0980, 0x09FF),)),
    (GURMUKHI, ((0x0A00, 0x0A7F),)),
)


def family_for_text(text: str, default: FontFamily) -> FontFamily:
    """The family for a paragraph: that of the script of its first letter, else DEFAULT (digits, symbols)."""
    for char in text:
        if not char.isalpha():
            continue
        code = ord(char)
        for family, ranges in SCRIPT_RANGES:
            if any(low <= code <= high for low, high in ranges):
                return family
        return LATIN
    return default


# Combining marks placed by the font (decomposed accents) need shaping too, whatever the script.
COMBINING_MARKS = ((0x0300, 0x036F),)


def needs_shaping(text: str) -> bool:
    """True if the text has letters that only read right once shaped: a right-to-left or Indic script,
    or combining accents. Plain Latin text reads the same without, and lays out much faster."""
    ranges = [r for _family, family_ranges in SCRIPT_RANGES for r in family_ranges] + list(COMBINING_MARKS)
    return any(low <= ord(char) <= high for char in text if ord(char) >= 0x0300 for low, high in ranges)


def font_file(family: FontFamily, style: str) -> Path:
    """The file to load for a family and style: the converted TrueType if built, else the npm WOFF2."""
    ttf = family.ttf(style)
    if ttf.exists():
        return ttf
    woff2 = family.woff2(style)
    if woff2.exists():
        return woff2
    raise FontsMissing(f"No PDF font at {ttf} or {woff2}: run `make setup` (npm ci, then this conversion)")


def convert_all(target: Path = TTF_DIR) -> list[Path]:
    """Convert every family's WOFF2 files to TrueType in TARGET; returns the files written."""
    from fontTools.ttLib import TTFont

    target.mkdir(parents=True, exist_ok=True)
    written = []
    for family in FAMILIES:
        for style in WEIGHTS:
            source = family.woff2(style)
            if not source.exists():
                raise FontsMissing(f"{source} is missing: run `npm ci` first")
            font = TTFont(source)
            font.flavor = None  # plain SFNT: TrueType, as fpdf2 and HarfBuzz read fastest
            destination = target / family.ttf(style).name
            font.save(destination)
            written.append(destination)
    return written


if __name__ == "__main__":
    try:
        files = convert_all()
    except FontsMissing as error:
        print(f"pdf_fonts: {error}", file=sys.stderr)
        sys.exit(1)
    print(f"{os.path.relpath(TTF_DIR, ROOT)}: {len(files)} PDF font file(s)")
