"""The catalogue completeness rule: every interface string is translated in every catalogue, nothing fuzzy
or empty, placeholders as in the English; plural forms follow each language's own rule.
(After adding text, run `flask translate update`, then `flask translate todo LANG` / `fill`.)"""
import gettext
import os
import subprocess
import sys

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from flask_babel import force_locale, ngettext

from portal import ROOT
from portal.catalogues import catalogue_problems, placeholders, po_path, read_catalogue

LANGUAGES = ["en", "pl", "ro", "tr", "ku", "ar", "ur", "bn", "pa", "so", "yi"]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set:
    """Every string `pybabel extract` finds in the code and templates today."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", os.path.join(ROOT, "babel.cfg"),
                    "-k", "_l", "--no-location", "-o", str(pot), "portal", "directory", "feedback", "templates"],
                   cwd=ROOT, check=True, capture_output=True)
    with open(pot, "rb") as fh:
        return {message.id if isinstance(message.id, str) else message.id[0] for message in read_po(fh) if message.id}


def test_the_app_offers_exactly_the_catalogues_we_ship(app):
    assert app.config["LANGUAGES"] == LANGUAGES
    shipped = {name for name in os.listdir(os.path.join(ROOT, "translations"))
               if os.path.isdir(os.path.join(ROOT, "translations", name))}
    assert shipped == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_in_every_catalogue(extracted, language):
    assert len(extracted) > 1000  # the extractor really read the templates
    problems = catalogue_problems(language, extracted)
    assert not problems, f"{len(problems)} problems, e.g.:\n" + "\n".join(problems[:10])


def test_the_rule_catches_what_it_should(tmp_path, monkeypatch):
    """A missing string, a fuzzy one, an empty one and a changed placeholder are each reported."""
    from portal import catalogues

    po = tmp_path / "pl" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && '
        '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
        '#, fuzzy\nmsgid "Search"\nmsgstr "Szukaj"\n\n'
        'msgid "Next"\nmsgstr ""\n\n'
        'msgid "Hello %(name)s"\nmsgstr "Cześć %(imie)s"\n', encoding="utf-8")
    monkeypatch.setattr(catalogues, "TRANSLATIONS", str(tmp_path))
    problems = catalogue_problems("pl", {"Search", "Next", "Hello %(name)s", "Previous"})
    assert any("fuzzy" in p and "Search" in p for p in problems)
    assert any("empty" in p and "Next" in p for p in problems)
    assert any("placeholders differ" in p and "Hello" in p for p in problems)
    assert any("missing" in p and "Previous" in p for p in problems)


def test_placeholders_compare_names_and_tags():
    assert placeholders("%(num)d of %(total)d <a href=\"x\">") == sorted(["%(num)d", "%(total)d", '<a href="x">'])
    assert placeholders("%(total)d z %(num)d") == placeholders("%(num)d of %(total)d")


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_plural_forms_follow_the_languages_own_rule(app, language):
    """Each catalogue declares Babel's plural rule for its language, and ngettext picks the form it says."""
    catalogue = read_catalogue(po_path(language))
    assert catalogue.num_plurals == get_plural(language).num_plurals
    message = catalogue.get("%(num)d item")
    assert message is not None and all(message.string)
    plural_index = gettext.c2py(catalogue.plural_expr)
    with app.test_request_context(), force_locale(language):
        for n in (0, 1, 2, 3, 5, 11, 22, 101):
            expected = message.string[plural_index(n)] % {"num": n}
            assert ngettext("%(num)d item", "%(num)d items", n) == expected


def test_polish_has_three_different_plural_forms(app):
    with app.test_request_context(), force_locale("pl"):
        forms = {ngettext("%(num)d item", "%(num)d items", n).replace(str(n), "N") for n in (1, 2, 5)}
    assert len(forms) == 3
