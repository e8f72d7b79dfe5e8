"""`flask translations export LANG FILE [--format csv|xliff] [--all]` and
`flask translations import FILE [--commit] [--checked]`: content translations for a translator, as the
officers' pages at /review/translations/export and /import give them (directory.translation_exchange).

Importing without --commit only shows what would happen (every change and every problem) and writes
nothing, like `flask plan import`. With --commit a file without problems is imported in one transaction:
every string or none; importing the same file twice changes nothing the second time.
"""
from __future__ import annotations

import os
import sys

import click
from flask import Flask, current_app

from . import content_translations as ct
from . import translation_exchange as exchange

XLIFF_ENDINGS = (".xlf", ".xliff")


def _format_for(path: str, chosen: str | None) -> str:
    """The format asked for, else the file's ending (.xlf or .xliff: XLIFF), else CSV."""
    if chosen:
        return chosen
    return exchange.FORMAT_XLIFF if path.lower().endswith(XLIFF_ENDINGS) else exchange.FORMAT_CSV


def _short(text: str, length: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def init_app(app: Flask) -> None:
    @app.cli.group("translations")
    def translations_group():
        """Content in other languages (listings, organisations, categories, the action plan…) for a translator."""

    @translations_group.command("export")
    @click.argument("language")
    @click.argument("path", type=click.Path(dir_okay=False, writable=True, allow_dash=True))
    @click.option("--format", "file_format", type=click.Choice([exchange.FORMAT_CSV, exchange.FORMAT_XLIFF]),
                  default=None, help="CSV or XLIFF 1.2 (default: from PATH's ending, .xlf/.xliff or else CSV).")
    @click.option("--all", "everything", is_flag=True,
                  help="Every string, not only those missing or out of date in LANGUAGE.")
    def translations_export(language: str, path: str, file_format: str | None, everything: bool):
        """Write the strings LANGUAGE lacks (or, with --all, every string) to PATH ("-" for the screen)."""
        if not ct.is_target_language(language):
            raise click.ClickException(
                f"“{language}” is not a language content is translated into. Choose one of: "
                + ", ".join(ct.target_languages()) + ".")
        file_format = _format_for(path, file_format)
        # Record links (public pages) are built as on the site; a command has no request to take them from.
        with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
            units = exchange.export_units(language, exchange.SCOPE_ALL if everything else exchange.SCOPE_MISSING)
            if file_format == exchange.FORMAT_XLIFF:
                data = exchange.export_xliff(units, language)
            else:
                data = exchange.export_csv(units).encode("utf-8")
        if path == "-":
            click.echo(data.decode("utf-8"), nl=False)
            return
        with open(path, "wb") as out:
            out.write(data)
        click.echo(f"Wrote {len(units)} {'string' if len(units) == 1 else 'strings'} in {language} "
                   f"({file_format.upper()}) to {path}.")

    @translations_group.command("import")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--commit", is_flag=True, help="Write the translations (without it, nothing is written).")
    @click.option("--checked", is_flag=True,
                  help="A fluent speaker has checked every translation in the file: mark them checked.")
    def translations_import(path: str, commit: bool, checked: bool):
        """Check a CSV or XLIFF file of translations (as exported) and, with --commit, import it."""
        if os.path.getsize(path) > exchange.MAX_BYTES:
            raise click.ClickException("The file must be smaller than 10 MB.")
        with open(path, "rb") as fh:
            data = fh.read(exchange.MAX_BYTES + 1)
        with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
            try:
                rows = exchange.read_rows(data)
            except exchange.ImportFileError as error:
                raise click.ClickException(f"{error}.") from None
            preview = exchange.preview_import(rows, checked)
            click.echo(f"Read {len(rows)} {'string' if len(rows) == 1 else 'strings'}: "
                       f"{len(preview.changes)} to add or change, {preview.unchanged} already so, "
                       f"{preview.blank} with no translation (left alone).")
            for change in preview.changes:
                unit = exchange.unit_id(change.kind.name, change.kind.key(change.record), change.field)
                line = f"  row {change.row:>5}  {change.action:<7} {change.language:<3} {unit}  {_short(change.new)}"
                if change.english_changed:
                    line += "  (the English has changed since it was exported)"
                click.echo(line)
            for _row, problem in preview.problems:
                click.echo(f"  problem: {problem}")
            if preview.problems:
                count = len(preview.problems)
                click.echo(f"{count} {'problem' if count == 1 else 'problems'}. Nothing was imported: fix the file "
                           "and run the command again.", err=True)
                sys.exit(1)
            if not commit:
                click.echo("No problems found. Nothing was written: run again with --commit to import.")
                return
            done = exchange.import_rows(None, rows, checked, trusted=True)
        click.echo(f"Imported {len(done.changes)} {'translation' if len(done.changes) == 1 else 'translations'}.")
