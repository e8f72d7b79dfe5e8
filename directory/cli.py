"""`flask demo …`, `flask geo …`, `flask search …`, `flask reminders …`, `flask import …`,
`flask export …`, and `flask translations …` (directory/translation_cli.py)."""
import click
from flask import Flask, current_app
from sqlalchemy import func, select

from portal.extensions import db

from . import demo, exports, freshness, geo, imports, search, services, translation_cli
from .models import Service


def init_app(app: Flask) -> None:
    translation_cli.init_app(app)

    @app.cli.group("demo")
    def demo_group():
        """Demo data for a fictional local area."""

    @demo_group.command("load")
    @click.option("--if-empty", is_flag=True, help="Do nothing when services already exist.")
    def demo_load(if_empty: bool):
        """Fill the fictional demo area (300+ services) and build the search index."""
        if if_empty and db.session.scalar(select(func.count()).select_from(Service)):
            click.echo("Services already exist: demo not loaded.")
            return
        counts = demo.load_demo()
        click.echo(f"Loaded the demo: {counts['services']} services, {counts['organisations']} organisations, "
                   f"{counts['locations']} locations.")
        click.echo(f"Indexed {search.reindex()} services.")

    @demo_group.command("generate")
    @click.option("--services", "count", type=click.IntRange(1, 300_000), required=True)
    @click.option("--seed", type=int, default=1)
    @click.option("--no-index", is_flag=True, help="Skip rebuilding the search index.")
    def demo_generate(count: int, seed: int, no_index: bool):
        """Add COUNT synthetic services, the same ones for the same seed (for benchmarks)."""
        made = demo.generate_services(count, seed=seed)
        click.echo(f"Generated {made} services (seed {seed}).")
        if not no_index:
            click.echo(f"Indexed {search.reindex()} services.")

    @app.cli.group("geo")
    def geo_group():
        """Postcode centroids, so distances work without an outside service."""

    @geo_group.command("import")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    def geo_import(path: str):
        """Load postcode or outward-code centroids from a CSV (an ONS Postcode Directory extract works)."""
        try:
            loaded, skipped = geo.import_centroids_csv(path)
        except ValueError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Loaded {loaded} postcodes; skipped {skipped} rows.")

    @app.cli.group("search")
    def search_group():
        """The search index (derived from the database; safe to rebuild at any time)."""

    @search_group.command("reindex")
    def search_reindex():
        """Rebuild the search index from the database."""
        engine = search.backend()
        if hasattr(engine, "claim_writer"):
            engine.claim_writer()  # a command, not a web worker: it may write even under SEARCH_INDEX_WRITER=queue
        click.echo(f"Indexed {search.reindex()} services.")

    @search_group.command("index-worker")
    @click.option("--once", is_flag=True, help="Apply what is queued now, then stop.")
    @click.option("--interval", default=1.0, show_default=True, help="Seconds between looks at the queue.")
    def search_index_worker(once: bool, interval: float):
        """Apply the changes web workers queued (SEARCH_INDEX_WRITER=queue) to the Whoosh index: the one
        process that writes it. `make serve-prod` starts one beside gunicorn; under systemd it is a service."""
        from .search import index_queue

        engine = search.backend()
        if not hasattr(engine, "apply"):
            click.echo("This search backend keeps no index of its own: there is nothing for an index worker to do.")
            return
        applied = index_queue.run(engine, once=once, interval=interval, echo=click.echo)
        if once:
            click.echo(f"Applied {applied} queued search index changes in all.")

    @app.cli.command("taxonomy-load")
    def taxonomy_load():
        """Create or update the portal's vocabularies."""
        click.echo(f"Added {services.ensure_taxonomy()} terms.")

    @app.cli.group("reminders")
    def reminders_group():
        """Reminders to keep listings checked (run daily; a reminder is never sent twice)."""

    @reminders_group.command("send")
    @click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                  help="Act as if today were this date (YYYY-MM-DD).")
    def reminders_send(today):
        """Email providers whose listings go out of date soon or have, and officers about long-stale ones."""
        # Links in the emails need the site's public address; a command has no request to take it from.
        with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
            counts = freshness.send_reminders(today.date() if today else None)
        click.echo(f"Reminders sent: {counts['soon']} soon, {counts['due']} due, {counts['escalated']} escalated "
                   f"({counts['emails']} emails).")
        if counts["no_members"]:
            click.echo(f"{counts['no_members']} listings have no approved members to remind.")

    @app.cli.group("import")
    def import_group():
        """Bring services in from Open Referral UK JSON or the CSV template (they wait for review)."""

    @import_group.command("oruk")
    @click.argument("source")
    @click.option("--publish", is_flag=True, help="Publish at once instead of sending each listing for review.")
    def import_oruk(source: str, publish: bool):
        """Import services from SOURCE: an ORUK JSON file (a service, a page or list of services, or an
        organisation with services) or the base address of another ORUK API (http(s)://…/api/oruk).

        Running it again changes only what changed at the source."""
        try:
            report = imports.import_oruk(source, publish=publish)
        except imports.ImportFailed as error:
            raise click.ClickException(str(error)) from None
        for line in report.lines():
            click.echo(line)

    @import_group.command("csv")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--commit", is_flag=True, help="Write the listings (all rows, or none if any has a problem).")
    @click.option("--publish", is_flag=True, help="With --commit: publish at once instead of sending for review.")
    def import_csv(path: str, commit: bool, publish: bool):
        """Check a CSV of services (the template at /open-data/service-template.csv) and, with --commit, add them.

        Without --commit nothing is written: each row's problems are listed."""
        report = imports.import_csv(path, commit=commit, publish=publish)
        for line in report.lines():
            click.echo(line)
        if commit and not report.committed:
            raise click.ClickException("Nothing was written: fix the problems above and run it again.")
        if not commit and report.ok:
            click.echo("Run again with --commit to write these listings.")

    @app.cli.group("export")
    def export_group():
        """Write the published directory to a file, as Open Referral UK JSON or CSV."""

    @export_group.command("oruk")
    @click.argument("path", type=click.Path(dir_okay=False, writable=True, allow_dash=True))
    def export_oruk(path: str):
        """Write every published service, fully nested, as an ORUK JSON list to PATH ("-" for the screen)."""
        with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
            exports.write(exports.oruk_json_chunks(), path)
        if path != "-":
            click.echo(f"Wrote the published directory to {path}.")

    @export_group.command("csv")
    @click.argument("path", type=click.Path(dir_okay=False, writable=True, allow_dash=True))
    def export_csv(path: str):
        """Write every published service as CSV (one row per service) to PATH ("-" for the screen)."""
        with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
            exports.write(exports.directory_csv_chunks(), path)
        if path != "-":
            click.echo(f"Wrote the published directory to {path}.")
