"""Fixtures: app, client, runner on a temporary database and index; factories for directory records.

The database engine: SQLite (a file in the test's folder) unless TEST_DATABASE=postgresql, when a throwaway
PostgreSQL server is started for the session (tests/postgres_server.py; or TEST_POSTGRES_URL names one, as a
postgresql+psycopg:// URL of a superuser's maintenance database) and each test gets its own database, copied
from a template made once from the models. A test that only makes sense on one engine says so with
`@pytest.mark.database_engine("sqlite")` and gets that engine whatever TEST_DATABASE says (never a skip).
Apps and databases a test makes for itself come from `new_database_url`, so they follow the same switch.

The search backend: TEST_SEARCH_BACKEND, else Whoosh on SQLite, and on PostgreSQL the "postgres" backend
when directory.search has one, else Whoosh. `@pytest.mark.search_backend("whoosh")` forces one for a test
(the Whoosh index's own tests and faults). SQLite apps always use Whoosh.
"""
from __future__ import annotations

import itertools
import os
import uuid

import pytest

from directory.models import PUBLISHED, Location, Organisation, Service, TaxonomyTerm
from directory.services import ensure_taxonomy
from portal import create_app
from portal.config import TestConfig
from portal.extensions import db


SQLITE, POSTGRESQL = "sqlite", "postgresql"
TEST_DATABASE = POSTGRESQL if os.environ.get("TEST_DATABASE", "").lower() in ("postgresql", "postgres") else SQLITE
_database_names = itertools.count(1)


def pytest_configure(config):
    config.addinivalue_line("markers", "database_engine(name): run this test's databases on 'sqlite' or "
                                       "'postgresql' whatever TEST_DATABASE says")
    config.addinivalue_line("markers", "search_backend(name): the search backend of this test's apps")


def search_backend_for(engine: str) -> str:
    """The SEARCH_BACKEND the tests' apps use on ENGINE (see the module's docstring)."""
    if engine == SQLITE:
        return "whoosh"
    if os.environ.get("TEST_SEARCH_BACKEND"):
        return os.environ["TEST_SEARCH_BACKEND"]
    from directory.search import BACKENDS
    return "postgres" if "postgres" in BACKENDS else "whoosh"


def _engine_of(request) -> str:
    marker = request.node.get_closest_marker("database_engine")
    return marker.args[0] if marker else TEST_DATABASE


def _search_backend_of(request, engine: str) -> str:
    marker = request.node.get_closest_marker("search_backend")
    return marker.args[0] if marker else search_backend_for(engine)


def _admin(url: str):
    """An autocommit psycopg connection to a PostgreSQL server's maintenance database (CREATE/DROP DATABASE)."""
    import psycopg
    from sqlalchemy.engine import make_url
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    return psycopg.connect(plain, autocommit=True)


def _database_url(server_url: str, name: str) -> str:
    from sqlalchemy.engine import make_url
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def create_database(server_url: str, name: str, template: str | None = None) -> str:
    """Make database NAME on the PostgreSQL server (empty, or a copy of TEMPLATE) and return its URL."""
    with _admin(server_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return _database_url(server_url, name)


def drop_database(server_url: str, name: str) -> None:
    """Drop database NAME, ending any connection still open to it."""
    with _admin(server_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _throwaway_server(override: str, module: str, server_class: str, unavailable: str):
    """The URL in the environment variable OVERRIDE, else a server of our own for the session (stopped after)."""
    if os.environ.get(override):
        yield os.environ[override]
        return
    import importlib
    servers = importlib.import_module(module)
    try:
        server = getattr(servers, server_class)()
        url = server.start()
    except getattr(servers, unavailable) as error:  # a failure saying what to install, never a skip
        pytest.fail(str(error), pytrace=False)
    try:
        yield url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server for the session: TEST_POSTGRES_URL, else a throwaway one of our own."""
    yield from _throwaway_server("TEST_POSTGRES_URL", "tests.postgres_server", "PostgresServer", "PostgresUnavailable")


@pytest.fixture(scope="session")
def redis_url():
    """A Redis server for the session: TEST_REDIS_URL, else a throwaway one of our own."""
    yield from _throwaway_server("TEST_REDIS_URL", "tests.redis_server", "RedisServer", "RedisUnavailable")


@pytest.fixture(scope="session")
def postgres_template(postgres_url, tmp_path_factory):
    """The name of a database with the models' schema and the taxonomy, which each test's database copies."""
    name = f"portal_template_{os.getpid()}"
    create_database(postgres_url, name)
    instance = tmp_path_factory.mktemp("template-instance")
    previous = os.environ.get("PORTAL_INSTANCE_PATH")
    os.environ["PORTAL_INSTANCE_PATH"] = str(instance)
    try:
        template_app = create_app({
            **{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
            "SQLALCHEMY_DATABASE_URI": _database_url(postgres_url, name),
            "SEARCH_BACKEND": search_backend_for(POSTGRESQL),
            "SEARCH_INDEX_DIR": str(instance / "search-index"),
            "SECRET_KEY": "test-only-secret",
        })
        with template_app.app_context():
            db.create_all()
            ensure_taxonomy()
            db.session.remove()
            db.engine.dispose()  # a template cannot be copied while anyone is connected to it
    finally:
        if previous is None:
            os.environ.pop("PORTAL_INSTANCE_PATH", None)
        else:
            os.environ["PORTAL_INSTANCE_PATH"] = previous
    yield name
    drop_database(postgres_url, name)


@pytest.fixture
def new_database_url(request, tmp_path):
    """Make a new database for this test and return its SQLAlchemy URL: `new_database_url(name)`.

    SQLite: the file <tmp_path>/<name>.sqlite (or in `folder`). PostgreSQL: a new database, copied from the
    template (the schema and taxonomy made) or, with empty=True, with no tables; dropped after the test, when
    its connections are closed (every engine should be disposed by then; any left are ended).
    """
    engine = _engine_of(request)
    made: list[str] = []

    def make(name: str = "test", *, folder=None, empty: bool = False) -> str:
        if engine == SQLITE:
            return f"sqlite:///{(folder or tmp_path) / f'{name}.sqlite'}"
        server = request.getfixturevalue("postgres_url")
        template = None if empty else request.getfixturevalue("postgres_template")
        database = f"test_{os.getpid()}_{next(_database_names)}_{name}"[:63].lower()
        made.append(database)
        return create_database(server, database, template)

    yield make
    for database in made:
        drop_database(request.getfixturevalue("postgres_url"), database)


def config_for(request, **config) -> dict:
    """TestConfig as a dict with this test's engine's search backend (REQUEST may be None when CONFIG names
    SEARCH_BACKEND), updated with CONFIG."""
    return {
        **{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
        "SEARCH_BACKEND": config.get("SEARCH_BACKEND") or _search_backend_of(request, _engine_of(request)),
        "SECRET_KEY": "test-only-secret",
        **config,
    }


@pytest.fixture
def app(request, tmp_path, monkeypatch, new_database_url):
    # Outbox files, the generated secret and anything else instance-bound stay in the test's folder.
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "instance"))
    url = new_database_url("test")
    app = create_app(config_for(
        request,
        SQLALCHEMY_DATABASE_URI=url,
        SEARCH_INDEX_DIR=str(tmp_path / "search-index"),
        WTF_CSRF_ENABLED=False,
    ))
    with app.app_context():
        if url.startswith("sqlite"):  # a PostgreSQL database is a copy of the template, which has both
            db.create_all()
            ensure_taxonomy()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_organisation(app):
    def make(name: str = "Riverside Family Support", **fields) -> Organisation:
        org = Organisation(name=name, **fields)
        db.session.add(org)
        db.session.commit()
        return org
    return make


def _terms(vocabulary: str, codes: list[str]) -> list[TaxonomyTerm]:
    terms = db.session.query(TaxonomyTerm).filter(
        TaxonomyTerm.vocabulary == vocabulary, TaxonomyTerm.code.in_(codes)).all()
    assert len(terms) == len(set(codes)), f"unknown {vocabulary} code in {codes}"
    return terms


@pytest.fixture
def make_service(app, make_organisation):
    """Make and commit a service (published unless told otherwise). Locations as (postcode, lat, lng)."""
    default_org: list[Organisation] = []

    def make(name: str = "Riverside Short Breaks", *, summary: str = "", description: str = "",
             categories: list[str] | None = None, needs: list[str] | None = None,
             locations: list[tuple[str, float, float]] | None = None, organisation: Organisation | None = None,
             status: str = PUBLISHED, **fields) -> Service:
        if organisation is None:
            if not default_org:
                default_org.append(make_organisation())
            organisation = default_org[0]
        service = Service(id=uuid.uuid4(), name=name, summary=summary, description=description,
                          organisation=organisation, status=status, **fields)
        db.session.add(service)
        service.terms = _terms("category", categories or []) + _terms("need", needs or [])
        for postcode, lat, lng in locations or []:
            service.locations.append(Location(organisation=organisation, name=f"{name} centre",
                                              postcode=postcode, latitude=lat, longitude=lng))
        db.session.add(service)
        db.session.commit()
        return service
    return make


@pytest.fixture
def make_user(app):
    """Make and commit an account. Providers can be given organisations (approved memberships)."""
    from directory.models import MEMBERSHIP_APPROVED, Membership
    from portal.services import create_user

    counter = [0]

    def make(email: str | None = None, *, roles: tuple[str, ...] = (), password: str = "correct horse battery staple",
             organisations: list[Organisation] = (), name: str = "Test User"):
        counter[0] += 1
        user = create_user(email or f"user{counter[0]}@example.org", password, name=name, roles=roles)
        for org in organisations:
            db.session.add(Membership(user_id=user.id, organisation_id=org.id, status=MEMBERSHIP_APPROVED))
        db.session.commit()
        return user
    return make


@pytest.fixture
def login(client):
    """Sign a user in on the test client (the session as Flask-Login writes it)."""
    def sign_in(user):
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user
    return sign_in


@pytest.fixture
def smtp_server(app):
    """A real SMTP server on 127.0.0.1; the app sends to it. Yields the list of received messages."""
    import email
    import socket

    from aiosmtpd.controller import Controller

    received: list = []

    class Collect:
        async def handle_DATA(self, server, session, envelope):
            received.append(email.message_from_bytes(envelope.content))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)
    try:
        yield received
    finally:
        controller.stop()
