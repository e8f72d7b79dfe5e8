"""Shared CLI: translation catalogues (`flask translate …`), accounts (`flask users create|grant-role|delete`),
backups (`flask backup create|restore`), email (`flask mail retry`) and `flask housekeeping`."""
import json
import os
import subprocess
import sys

import click
from flask import Flask, current_app

from . import ROOT
from .models import ROLES

# Scripts can give a new account's password here instead of typing it (it never goes on the command line).
PASSWORD_ENV = "PORTAL_NEW_PASSWORD"  # nosec B105  # the name of an environment variable, not a password

BABEL_CFG = os.path.join(ROOT, "babel.cfg")
POT = os.path.join(ROOT, "translations", "messages.pot")
TRANSLATIONS = os.path.join(ROOT, "translations")


def _pybabel(*args: str) -> None:
    # Our own Python running Babel with fixed arguments, no shell.
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)  # nosec B603


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

    @translate.command()
    @click.argument("language")
    @click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default="-",
                  help="Write the JSON here instead of to the screen.")
    @click.option("--limit", type=int, default=0, help="At most this many entries (0: all).")
    def todo(language, output, limit):
        """Write LANGUAGE's untranslated or fuzzy strings as JSON for a translator."""
        from .catalogues import untranslated

        entries = untranslated(language)
        if limit:
            entries = entries[:limit]
        with click.open_file(output, "w", encoding="utf-8") as fh:
            json.dump(entries, fh, ensure_ascii=False, indent=1)
        click.echo(f"{len(entries)} strings to translate.", err=True)

    @translate.command()
    @click.argument("language")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    def fill(language, path):
        """Put translations from a JSON file (each entry "id" plus "str", or "strs" for plurals) into LANGUAGE."""
        from .catalogues import fill as fill_catalogue

        with open(path, encoding="utf-8") as fh:
            entries = json.load(fh)
        result = fill_catalogue(language, entries)
        for problem in result.rejected:
            click.echo(f"Rejected: {problem}", err=True)
        click.echo(f"Filled {result.filled} strings; rejected {len(result.rejected)}.")
        if result.rejected:
            sys.exit(1)

    @translate.command()
    def check():
        """List every missing, fuzzy or empty translation and every placeholder unlike the English."""
        from babel.messages.pofile import read_po

        from .catalogues import catalogue_problems

        extract.callback()
        with open(POT, "rb") as fh:
            expected = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
        problems = []
        for language in current_app.config["LANGUAGES"]:
            problems += catalogue_problems(language, expected)
        for problem in problems:
            click.echo(problem)
        click.echo(f"{len(problems)} problems.")
        if problems:
            sys.exit(1)

    @app.cli.group()
    def users():
        """Create accounts and give them roles. There are no default accounts."""

    @users.command("create")
    @click.argument("email")
    @click.option("--role", "roles", multiple=True, type=click.Choice(ROLES),
                  help="A role to give the account; repeat for more than one.")
    @click.option("--name", default="", help="The person's name, as shown to them and in the audit log.")
    def users_create(email, roles, name):
        """Create an account for EMAIL. Asks for the password twice, or reads it from PORTAL_NEW_PASSWORD."""
        from .services import AccountError, create_user, user_by_email

        if user_by_email(email) is not None:
            raise click.ClickException(f"An account with the email address {email.strip().lower()} already exists.")
        password = os.environ.get(PASSWORD_ENV)
        if not password:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        try:
            user = create_user(email, password, name=name, roles=roles)
        except AccountError as error:
            raise click.ClickException(str(error)) from None
        held = ", ".join(sorted(user.roles)) or "no roles"
        click.echo(f"Created the account {user.email} ({held}).")

    @users.command("grant-role")
    @click.argument("email")
    @click.argument("role", type=click.Choice(ROLES))
    def users_grant_role(email, role):
        """Give the account with EMAIL the role ROLE."""
        from .services import grant_role, user_by_email

        user = user_by_email(email)
        if user is None:
            raise click.ClickException(f"There is no account with the email address {email.strip().lower()}.")
        if role in user.roles:
            click.echo(f"{user.email} already has the role {role}.")
            return
        grant_role(user, role)
        click.echo(f"{user.email} now has the role {role}.")

    @app.cli.group()
    def backup():
        """Back up the database, or restore it from a backup."""

    @backup.command("create")
    @click.argument("path", required=False, type=click.Path(dir_okay=False, writable=True))
    def backup_create(path):
        """Copy the whole database to PATH (default: a new file in instance/backups/)."""
        from .backup import BackupError, create_backup

        try:
            written = create_backup(path)
        except BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Backed up the database to {written}.")

    @backup.command("restore")
    @click.argument("path", type=click.Path(dir_okay=False))
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
    def backup_restore(path, yes):
        """Replace everything in the database with the backup in PATH, then rebuild the search index."""
        from .backup import BackupError, restore_backup

        if not yes:
            click.confirm(f"This replaces everything in the database with {path}. Go on?", abort=True)
        try:
            restore_backup(path)
        except BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Restored the database from {path} and rebuilt the search index.")

    @app.cli.group()
    def mail():
        """Email the portal has stored."""

    @mail.command("retry")
    def mail_retry():
        """Try again to send every email that has not been delivered yet."""
        from .email import retry_undelivered

        delivered, waiting = retry_undelivered()
        click.echo(f"Delivered {delivered} {'message' if delivered == 1 else 'messages'}; "
                   f"{waiting} still waiting.")
        if waiting:
            sys.exit(1)

    @users.command("delete")
    @click.argument("email")
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
    def users_delete(email, yes):
        """Delete the account with EMAIL, as its owner could (for officers and admins, who ask an admin)."""
        from .account_data import forget_account
        from .services import user_by_email

        user = user_by_email(email)
        if user is None:
            raise click.ClickException(f"There is no account with the email address {email.strip().lower()}.")
        if not yes:
            click.confirm(f"Delete the account {user.email}? Their feedback stays without their name.", abort=True)
        summary = forget_account(user)
        kept = summary.get("feedback_items_kept", 0)
        click.echo(f"Deleted the account {email.strip().lower()}; {kept} feedback "
                   f"{'item stays' if kept == 1 else 'items stay'} without a name.")

    @app.cli.command("housekeeping")
    def housekeeping():
        """Delete personal data kept longer than the privacy notice says (run daily)."""
        from .housekeeping import run

        deleted = run()
        click.echo(f"Deleted {deleted['sign_in_attempts']} old failed sign-in attempts and "
                   f"{deleted['email']} old emails.")
