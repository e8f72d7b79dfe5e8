"""Fixtures: app, client, runner on a temporary database and index; factories for directory records."""
from __future__ import annotations

import uuid

import pytest

from directory.models import PUBLISHED, Location, Organisation, Service, TaxonomyTerm
from directory.services import ensure_taxonomy
from portal import create_app
from portal.config import TestConfig
from portal.extensions import db


@pytest.fixture
def app(tmp_path, monkeypatch):
    # Outbox files, the generated secret and anything else instance-bound stay in the test's folder.
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({
        **{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        "SECRET_KEY": "test-only-secret",
        "WTF_CSRF_ENABLED": False,
    })
    with app.app_context():
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
