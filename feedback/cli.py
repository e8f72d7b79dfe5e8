"""`flask plan import FILE [--plan-title TITLE | --plan-id ID] [--commit]` and `flask plan export PLAN_ID FILE`.

Importing without --commit only shows what would happen (every row and its problems) and writes nothing.
With --commit a file without problems is imported in one transaction: every row or none.
"""
import os
import sys

import click
from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feedback commands."""

    @app.cli.group()
    def plan():
        """Import and export the SEND action plan."""

    @plan.command("import")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--plan-title", default="", help="Title of the new plan (default: the file's name).")
    @click.option("--plan-id", type=int, default=None, help="Add the actions to this existing plan instead.")
    @click.option("--commit", is_flag=True, help="Write the actions (without it, nothing is written).")
    def plan_import_command(path, plan_title, plan_id, commit):
        """Check a CSV or Excel (.xlsx) action plan and, with --commit, import it."""
        from portal.extensions import db

        from . import plan_import, plan_services
        from .models import ActionPlan

        if os.path.getsize(path) > plan_import.MAX_BYTES:
            raise click.ClickException("The file must be smaller than 5 MB.")
        with open(path, "rb") as fh:
            data = fh.read(plan_import.MAX_BYTES + 1)
        target = None
        if plan_id is not None:
            target = db.session.get(ActionPlan, plan_id)
            if target is None:
                raise click.ClickException(f"There is no plan with the id {plan_id}.")
        try:
            preview = plan_import.build_preview(data, target)
        except plan_import.ImportFileError as error:
            raise click.ClickException(f"{error}.") from None

        click.echo(f"Read {len(preview.rows)} {'action' if len(preview.rows) == 1 else 'actions'} "
                   f"from a {preview.kind.upper()} file.")
        if preview.ignored:
            click.echo("Columns not imported: " + ", ".join(preview.ignored))
        for row in preview.rows:
            status = plan_services.STATUS_LABELS[row.status] if row.status else row.status_text
            due = row.due_on.isoformat() if row.due_on else "-"
            line = f"  row {row.line:>4}  {row.ref or '(no ref)':<10} {status!s:<18} due {due:<10}  " \
                   f"{row.description[:60]}"
            click.echo(line)
            for problem in row.problems:
                click.echo(f"            problem: {problem}")
        problems = len(preview.problem_rows)
        if problems:
            click.echo(f"{problems} {'row has' if problems == 1 else 'rows have'} problems. Nothing was imported: "
                       "fix the file and run the command again.", err=True)
            sys.exit(1)
        if not commit:
            click.echo("No problems found. Nothing was written: run again with --commit to import.")
            return
        title = plan_title or os.path.splitext(os.path.basename(path))[0]
        made = plan_services.import_actions(None, [row.to_new_action() for row in preview.rows], plan=target,
                                            plan_title=title)
        click.echo(f"Imported {len(preview.rows)} actions into the plan “{made.title}” (id {made.id}).")

    @plan.command("export")
    @click.argument("plan_id", type=int)
    @click.argument("path", type=click.Path(dir_okay=False, writable=True))
    def plan_export_command(plan_id, path):
        """Write plan PLAN_ID to PATH, as CSV or Excel by its ending (.csv or .xlsx)."""
        from portal.extensions import db

        from . import plan_import
        from .models import ActionPlan

        found = db.session.get(ActionPlan, plan_id)
        if found is None:
            raise click.ClickException(f"There is no plan with the id {plan_id}.")
        extension = os.path.splitext(path)[1].lower()
        if extension == ".csv":
            data = plan_import.export_csv(found)
        elif extension == ".xlsx":
            data = plan_import.export_xlsx(found)
        else:
            raise click.ClickException("The file name must end in .csv or .xlsx.")
        with open(path, "wb") as fh:
            fh.write(data)
        count = sum(len(priority.actions) for priority in found.priorities)
        click.echo(f"Wrote {count} actions from “{found.title}” to {path}.")
