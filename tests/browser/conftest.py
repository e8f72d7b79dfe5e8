"""Browser tests: the real app in a real server process, driven by Debian's Chromium through Playwright.

One server and one browser for the whole session. The server runs `flask run` on 127.0.0.1 on a free port
with its own temporary instance folder (database, search index, secret key, outbox), set up with the same
commands as `make run` plus three accounts: an officer, a forum member, and a provider who is an approved member
of one demo organisation (PROVIDER_ORGANISATION); and an action plan with one action (ACTION_REF).
If /usr/bin/chromium is missing the tests fail, saying how to install
it: they are never skipped.

Pages are tracked: every page a test loads must be checked with axe-core (`axe.check(page)`) before the test
ends, so no step of a journey goes unchecked. `page` and `new_page(...)` open fresh contexts (no cookies);
`public_page` is one shared tab for tests that only read public pages. `signed_in_state(email)` gives a
context's storage_state signed in as that account; the sign-in form allows 10 tries a minute from one
address, so tests reuse these rather than signing in again, except where signing in is the journey.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import POSTGRESQL, TEST_DATABASE, create_database, drop_database, search_backend_for

from .support import AxeChecker

ROOT = Path(__file__).parent.parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_INSTALL = "apt-get update && apt-get install -y chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

PASSWORD = "browser tests only, not a real password"
OFFICER_EMAIL = "officer@example.org"
PROVIDER_EMAIL = "provider@example.org"
FORUM_EMAIL = "forum@example.org"
# The action plan the officer links feedback to in journey 5 (made by the set-up, as an officer would).
PLAN_TITLE = "SEND Local Area Action Plan 2025-28"
ACTION_REF = "5.1.7"
# A demo organisation with many published listings, so each test can edit one of its own.
PROVIDER_ORGANISATION = "Riverside Leisure Trust"

# The set-up of the test instance, in one process (each `flask` process spends seconds starting): the same
# CLI commands as `make run` and the README's account commands, run through Flask's CLI runner, then the
# provider's approved membership of PROVIDER_ORGANISATION.
SET_UP_INSTANCE = """
import sys
from sqlalchemy import select
from portal import create_app
from portal.extensions import db
from portal.services import user_by_email
from directory.models import MEMBERSHIP_APPROVED, Membership, Organisation

officer, provider, organisation, password, forum, plan_title, action_ref = sys.argv[1:8]
app = create_app()
runner = app.test_cli_runner()

def flask(*args, env=None):
    result = runner.invoke(args=list(args), env=env)
    print(f"$ flask {' '.join(args)}\\n{result.output}")
    if result.exit_code != 0:
        sys.exit(f"`flask {' '.join(args)}` failed: {result.exception!r}")

flask("db", "upgrade")
flask("taxonomy-load")
flask("geo", "import", "directory/data/postcode_districts.csv")
flask("demo", "load")
flask("users", "create", "--role", "officer", "--name", "Olu Officer", officer, env={"PORTAL_NEW_PASSWORD": password})
flask("users", "create", "--role", "provider", "--name", "Priya Provider", provider,
      env={"PORTAL_NEW_PASSWORD": password})
flask("users", "create", "--role", "forum_member", "--name", "Farah Forum", forum,
      env={"PORTAL_NEW_PASSWORD": password})
with app.app_context():
    from feedback import plan_services
    plan = plan_services.create_plan(None, plan_title)
    priority = plan_services.add_priority(None, plan, "5", "Improve the Local Offer")
    plan_services.add_action(None, priority, ref=action_ref, description="Publish “You said, we did” every term",
                             lead="Local Offer manager")
    user = user_by_email(provider)
    org = db.session.scalar(select(Organisation).where(Organisation.name == organisation))
    assert user is not None and org is not None, (user, org)
    db.session.add(Membership(user_id=user.id, organisation_id=org.id, status=MEMBERSHIP_APPROVED))
    db.session.commit()
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_env(instance: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "SEARCH_INDEX_DIR", "SECRET_KEY", "MAIL_SERVER", "FLASK_APP", "FLASK_DEBUG")}
    env.update(PORTAL_INSTANCE_PATH=str(instance), PYTHONUNBUFFERED="1", PYTHONWARNINGS="ignore")
    return env


def _wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The server stopped (exit {process.returncode}):\n{log.read_text()}", pytrace=False)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"The server did not listen on port {port} within {timeout} s:\n{log.read_text()}", pytrace=False)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, request):
    """The base URL of the app, served by `flask run` in its own process on a fresh demo database
    (SQLite in the instance folder, or with TEST_DATABASE=postgresql a new PostgreSQL database, as DATABASE_URL)."""
    folder = tmp_path_factory.mktemp("live-server")
    instance = folder / "instance"
    env = _server_env(instance)
    database = None
    if TEST_DATABASE == POSTGRESQL:
        database = f"browser_{os.getpid()}"
        env["DATABASE_URL"] = create_database(request.getfixturevalue("postgres_url"), database)
        env["SEARCH_BACKEND"] = search_backend_for(POSTGRESQL)
    made = subprocess.run([sys.executable, "-c", SET_UP_INSTANCE, OFFICER_EMAIL, PROVIDER_EMAIL, PROVIDER_ORGANISATION,
                           PASSWORD, FORUM_EMAIL, PLAN_TITLE, ACTION_REF], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if made.returncode != 0:
        pytest.fail(f"Setting up the test instance failed:\n{made.stdout}\n{made.stderr}", pytrace=False)

    port = _free_port()
    log = folder / "server.log"
    with open(log, "w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "portal", "run", "--host", "127.0.0.1", "--port", str(port),
             "--no-reload", "--no-debugger", "--with-threads"],
            cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    try:
        _wait_for_port(port, process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if database:
            drop_database(request.getfixturevalue("postgres_url"), database)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless. Missing Chromium is a failure, never a skip: these tests always run."""
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}. Install it with: {CHROMIUM_INSTALL}  "
                    "(never `playwright install`)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is missing ({AXE_JS}). Install it with: npm ci", pytrace=False)
    return AXE_JS.read_text()


@pytest.fixture
def axe(axe_source):
    """Runs axe-core on a page; at the end of the test, fails if any page loaded was never checked."""
    checker = AxeChecker(axe_source)
    yield checker
    checker.assert_every_page_checked()


@pytest.fixture
def new_page(browser, live_server, axe, axe_source):
    """Open tracked pages, each in a fresh context (no cookies): new_page(viewport=…, storage_state=…)."""
    contexts = []

    def make(**options):
        context = _context(browser, live_server, axe_source, **options)
        contexts.append(context)
        page = context.new_page()
        axe.track(page)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def _shared_public_page(browser, live_server, axe_source):
    context = _context(browser, live_server, axe_source)
    yield context.new_page()
    context.close()


@pytest.fixture
def public_page(_shared_public_page, axe):
    """One tab shared by the tests that only read public pages (opening a tab each takes longer than
    the page's own check). Tracked for each test like `page`."""
    stop = axe.track(_shared_public_page)
    yield _shared_public_page
    stop()


def _context(browser, live_server, axe_source, **options):
    context = browser.new_context(base_url=live_server, **options)
    context.set_default_timeout(10_000)
    context.add_init_script(axe_source)  # axe-core in every page, ready for AxeChecker.check
    return context


@pytest.fixture(scope="session")
def signed_in_state(browser, live_server, tmp_path_factory):
    """storage_state(email): a file with a signed-in session for that account, made once per session
    through the sign-in form (so the per-address sign-in rate limit is not spent on every test)."""
    states: dict[str, str] = {}
    folder = tmp_path_factory.mktemp("states")

    def state(email: str) -> str:
        if email not in states:
            context = browser.new_context(base_url=live_server)
            page = context.new_page()
            page.goto("/sign-in")
            page.get_by_label("Email address").fill(email)
            page.get_by_label("Password", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(lambda url: "/sign-in" not in url)
            path = folder / f"{email}.json"
            context.storage_state(path=path)
            context.close()
            states[email] = str(path)
        return states[email]

    return state

