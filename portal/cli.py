"""Shared CLI: translation catalogues (`flask translate extract|update|compile|init`)."""
import os
import subprocess
import sys

import click
from flask import Flask

from . import ROOT

BABEL_CFG = os.path.join(ROOT, "babel.cfg")
POT = os.path.join(ROOT, "translations", "messages.pot")
TRANSLATIONS = os.path.join(ROOT, "translations")


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True)


def init_app(app: Flask) -> None:
    @app.cli.group()
    def translate():
        """Extract, update and compile the interface translations."""

    @translate.command()
    def extract():
        """Extract every interface string into translations/messages.pot."""
        _pybabel("extract", "-F", BABEL_CFG, "-k", "_l", "--no-location", "--sort-output",
                 "-o", POT, "portal", "directory", "feedback", "templates")

    @translate.command()
    def update():
        """Extract, then merge new strings into every catalogue."""
        extract.callback()
        _pybabel("update", "-i", POT, "-d", TRANSLATIONS, "--no-fuzzy-matching")

    @translate.command()
    def compile():
        """Compile every catalogue to .mo files."""
        _pybabel("compile", "-d", TRANSLATIONS, "--statistics")

    @translate.command()
    @click.argument("locale")
    def init(locale):
        """Start a catalogue for LOCALE."""
        extract.callback()
        _pybabel("init", "-i", POT, "-d", TRANSLATIONS, "-l", locale)
