"""Every interface string is in every catalogue (run `flask translate update` after adding text)."""
import os
import subprocess
import sys

from babel.messages.pofile import read_po

from portal import ROOT


def extract(tmp_path) -> set:
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", os.path.join(ROOT, "babel.cfg"),
                    "-k", "_l", "--no-location", "-o", str(pot), "portal", "directory", "feedback", "templates"],
                   cwd=ROOT, check=True, capture_output=True)
    with open(pot, "rb") as fh:
        return {message.id for message in read_po(fh) if message.id}


def test_every_string_is_in_every_catalogue(tmp_path):
    extracted = extract(tmp_path)
    assert len(extracted) > 100  # the extractor really read the templates
    translations = os.path.join(ROOT, "translations")
    locales = [name for name in os.listdir(translations) if os.path.isdir(os.path.join(translations, name))]
    assert "en" in locales
    for locale in locales:
        with open(os.path.join(translations, locale, "LC_MESSAGES", "messages.po"), "rb") as fh:
            ids = {message.id for message in read_po(fh) if message.id}
        missing = extracted - ids
        assert not missing, f"{locale} is missing {len(missing)} strings, e.g. {sorted(map(str, missing))[:5]}"
