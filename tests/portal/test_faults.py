"""Faults, each a test: the portal keeps answering and nothing anyone wrote is lost.

1. The search index is deleted or corrupted while the site is serving: searches still answer, with every
   listing, including one approved while the index was broken.
2. The database is locked or unavailable: a clear 503 page, and the words someone typed into a form are
   shown back to them (escaped, never a password) so they can copy them before trying again.
3. The mail server is down: every message waits in the outbox and `flask mail retry` sends each one
   exactly once, even when the server refuses some, and even when two senders overlap.
   (tests/portal/test_email.py covers one message; these are whole journeys.)
"""
from __future__ import annotations

import email
import os
import shutil
import socket
import sqlite3
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from directory import listings, memberships
from directory.models import ProblemReport, Service
from feedback import services as feedback_services
from feedback.models import FeedbackItem
from portal.email import deliver, send_email
from portal.extensions import db
from portal.models import FORUM_MEMBER, OFFICER, PROVIDER, OutboxMessage, utcnow

PASSWORD = "correct horse battery staple"


# --- 1. the search index ------------------------------------------------------------------------------------

@pytest.fixture
def directory_with_a_provider(make_organisation, make_user, make_service):
    org = make_organisation("Acme Therapies")
    make_service("Riverside Speech Club", summary="Speech games for children.", organisation=org)
    provider = make_user("lee@acme.example.org", roles=(PROVIDER,), organisations=[org])
    officer = make_user("officer@council.example.org", roles=(OFFICER,))
    return org, provider, officer


def approve_new_listing(org, provider, officer, name: str) -> Service:
    """A provider's new listing, approved by an officer: the commit the index must not miss."""
    service = listings.start_listing(provider, org, name)
    memberships.save_section(provider, service, {"summary": f"{name}: speech support for families."})
    memberships.submit_listing(provider, service)
    listings.approve_revision(officer, listings.open_revision(service))
    return service


def corrupt_every_file(path: str) -> None:
    """Junk in place of every file, as a bad copy or restore leaves it. Each file is replaced, not
    truncated: a file cut short under a process that maps it kills that process (SIGBUS), which no
    code of ours can catch, whereas a replaced one is what a copy or restore does."""
    for name in os.listdir(path):
        junk = os.path.join(path, f".{name}.junk")
        with open(junk, "wb") as fh:
            fh.write(b"\x00not an index" * 64)
        os.replace(junk, os.path.join(path, name))


@pytest.mark.search_backend("whoosh")  # the Whoosh index in the instance folder, whatever the other tests use
@pytest.mark.parametrize("damage", ["deleted", "corrupted"])
def test_search_answers_and_loses_no_listing_when_the_index_breaks_while_serving(app, client, damage,
                                                                                 directory_with_a_provider):
    org, provider, officer = directory_with_a_provider
    index = app.config["SEARCH_INDEX_DIR"]
    response = client.get("/search?q=speech")  # serving: the index is open and cached
    assert response.status_code == 200 and "Riverside Speech Club" in response.get_data(as_text=True)

    if damage == "deleted":
        shutil.rmtree(index)
    else:
        corrupt_every_file(index)
    approve_new_listing(org, provider, officer, "Hackney Talk Time")

    response = client.get("/search?q=speech")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Riverside Speech Club" in html and "Hackney Talk Time" in html
    # And the next change after the repair is indexed as usual.
    approve_new_listing(org, provider, officer, "Clapton Chatterbox")
    assert "Clapton Chatterbox" in client.get("/search?q=speech").get_data(as_text=True)


@pytest.mark.search_backend("whoosh")
def test_a_listing_approved_while_the_index_is_missing_is_found_by_its_own_words(app, client,
                                                                                  directory_with_a_provider):
    org, provider, officer = directory_with_a_provider
    assert client.get("/search?q=speech").status_code == 200
    shutil.rmtree(app.config["SEARCH_INDEX_DIR"])
    approve_new_listing(org, provider, officer, "Stamford Hill Signing")
    html = client.get("/search?q=signing").get_data(as_text=True)
    assert "Stamford Hill Signing" in html and "Riverside Speech Club" not in html


# --- 2. the database locked ---------------------------------------------------------------------------------

@contextmanager
def database_locked(app, tmp_path):
    """Another process holds an exclusive lock on the database, and we do not wait for it."""
    db.session.remove()
    db.engine.dispose()

    def no_waiting(dbapi_connection, record):
        dbapi_connection.execute("PRAGMA busy_timeout = 0")

    event.listen(db.engine, "connect", no_waiting)
    locker = sqlite3.connect(str(tmp_path / "test.sqlite"), isolation_level=None)
    try:
        locker.execute("BEGIN EXCLUSIVE")
        yield
    finally:
        locker.execute("ROLLBACK")
        locker.close()
        event.remove(db.engine, "connect", no_waiting)
        db.engine.dispose()


@pytest.mark.database_engine("sqlite")  # another process locks the SQLite file
def test_a_forum_issue_sent_while_the_database_is_locked_is_shown_back(app, client, login, make_user, tmp_path):
    member = login(make_user("parent@example.org", roles=(FORUM_MEMBER,)))
    typed = {"title": "Transport <b>fails</b>", "body": "The bus did not come.\nThree times this week.",
             "would_help": "<script>alert('x')</script> A reliable bus.", "theme": "education", "service": "",
             "may_be_public": "yes"}
    with database_locked(app, tmp_path):
        response = client.post("/feedback/new", data=typed)
    html = response.get_data(as_text=True)

    assert response.status_code == 503 and response.headers["Retry-After"]
    assert "The service is unavailable" in html and "Nothing you sent has been saved" in html
    assert "What you typed" in html
    assert "Transport &lt;b&gt;fails&lt;/b&gt;" in html
    assert "The bus did not come.\nThree times this week." in html  # line breaks kept, in a text box
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; A reliable bus." in html
    assert "<script>alert" not in html and "<b>fails" not in html
    shown = html.split("What you typed")[1].split("</main>")[0]
    assert "readonly" in shown and "csrf" not in shown.lower()
    assert "education" not in shown and ">yes<" not in shown  # choices' codes are not words typed
    # Nothing half-saved; once the lock goes, the same words go in.
    assert db.session.scalar(select(func.count()).select_from(FeedbackItem)) == 0
    assert client.post("/feedback/new", data=typed).status_code == 302
    assert db.session.scalar(select(FeedbackItem.title)) == "Transport <b>fails</b>"
    assert member.id


@pytest.mark.database_engine("sqlite")  # another process locks the SQLite file
def test_a_problem_report_sent_while_the_database_is_locked_is_shown_back(app, client, make_service, tmp_path):
    service_id = make_service("Riverside Speech Club").id
    with database_locked(app, tmp_path):
        response = client.post(f"/services/{service_id}/report",
                               data={"kind": "contact", "details": "The phone number rings out.",
                                     "email": "reader@example.org", "website": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "The phone number rings out." in html and "reader@example.org" in html
    assert db.session.scalar(select(func.count()).select_from(ProblemReport)) == 0


@pytest.mark.database_engine("sqlite")  # another process locks the SQLite file
def test_a_password_is_never_shown_back(app, client, make_user, tmp_path):
    make_user("parent@example.org")
    with database_locked(app, tmp_path):
        response = client.post("/sign-in", data={"email": "parent@example.org", "password": "my secret phrase",
                                                 "next": "/account"})
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "parent@example.org" in html
    assert "my secret phrase" not in html


@pytest.mark.database_engine("sqlite")  # another process locks the SQLite file
def test_a_page_read_while_the_database_is_locked_shows_no_form_echo(app, client, make_service, tmp_path):
    service_id = make_service("Riverside Speech Club").id
    with database_locked(app, tmp_path):
        response = client.get(f"/services/{service_id}")
    assert response.status_code == 503
    assert "What you typed" not in response.get_data(as_text=True)


def test_a_postgresql_server_that_cannot_be_reached_shows_the_unavailable_page(tmp_path, monkeypatch):
    """PostgreSQL's own unavailability (no server listening): the same 503, with the words typed shown back.
    It needs no server, so it runs in both test runs."""
    from portal import create_app
    from tests.conftest import config_for

    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "instance"))
    down = create_app(config_for(
        None, SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://portal@127.0.0.1:{free_port()}/portal",
        SEARCH_BACKEND="whoosh", SEARCH_INDEX_DIR=str(tmp_path / "index"), WTF_CSRF_ENABLED=False))
    with down.test_client() as client:
        response = client.get("/services/00000000-0000-4000-8000-000000000000")
        assert response.status_code == 503 and response.headers["Retry-After"]
        assert "The service is unavailable" in response.get_data(as_text=True)
        response = client.post("/sign-in", data={"email": "parent@example.org", "password": "my secret phrase"})
        html = response.get_data(as_text=True)
        assert response.status_code == 503
        assert "parent@example.org" in html and "my secret phrase" not in html
    with down.app_context():
        db.engine.dispose()


# --- 3. the mail server down --------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_server(app):
    """A real SMTP server that can be stopped and started, and told to refuse some recipients for now."""
    from aiosmtpd.controller import Controller

    class Server:
        def __init__(self):
            self.received: list = []
            self.refuse: set[str] = set()
            self.port = free_port()
            self.controller = None

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address in self.refuse:
                return "451 4.3.0 Mailbox busy, try again later"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            self.received.append(email.message_from_bytes(envelope.content))
            return "250 OK"

        def start(self):
            self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
            self.controller.start()

        def stop(self):
            if self.controller is not None:
                self.controller.stop()
                self.controller = None

        def sent(self) -> list[tuple[str, str]]:
            return sorted((message["To"], message["Subject"]) for message in self.received)

    server = Server()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_USE_TLS=False)
    try:
        yield server
    finally:
        server.stop()


def waiting_count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None)))


def test_feedback_raised_and_answered_while_mail_is_down_is_all_sent_later_once(app, client, login, runner,
                                                                                make_user, mail_server):
    officers = [make_user(f"officer{n}@council.example.org", roles=(OFFICER,)) for n in (1, 2)]
    member = login(make_user("parent@example.org", roles=(FORUM_MEMBER,)))
    # The server is down (never started): the item is saved all the same.
    response = client.post("/feedback/new", data={"title": "Short breaks", "body": "Too few places.",
                                                  "would_help": "", "theme": "short-breaks", "service": "",
                                                  "may_be_public": "no"})
    assert response.status_code == 302
    item = db.session.scalar(select(FeedbackItem))
    feedback_services.move_item(officers[0], item, "acknowledged", text="Thank you, we are looking.")
    expected = sorted([(officer.email, "New forum feedback: Short breaks") for officer in officers]
                      + [(member.email, "Update on your Local Offer feedback")])
    assert waiting_count() == 3 and mail_server.received == []

    mail_server.start()
    result = runner.invoke(args=["mail", "retry"])
    assert result.exit_code == 0, result.output
    assert "Delivered 3 messages; 0 still waiting." in result.output
    assert mail_server.sent() == expected
    result = runner.invoke(args=["mail", "retry"])
    assert "Delivered 0 messages; 0 still waiting." in result.output
    assert mail_server.sent() == expected  # none twice


def test_a_recipient_refused_for_now_gets_theirs_later_and_others_are_not_sent_again(runner, mail_server):
    mail_server.start()
    mail_server.refuse = {"busy@example.org"}
    for recipient in ("one@example.org", "busy@example.org", "two@example.org"):
        send_email(recipient, f"For {recipient}", "Hello.")
    assert mail_server.sent() == [("one@example.org", "For one@example.org"),
                                  ("two@example.org", "For two@example.org")]
    result = runner.invoke(args=["mail", "retry"])
    assert result.exit_code == 1 and "Delivered 0 messages; 1 still waiting." in result.output

    mail_server.refuse = set()
    result = runner.invoke(args=["mail", "retry"])
    assert result.exit_code == 0 and "Delivered 1 message; 0 still waiting." in result.output
    assert [to for to, _subject in mail_server.sent()] == ["busy@example.org", "one@example.org", "two@example.org"]
    busy = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "busy@example.org"))
    assert busy.attempts == 3 and busy.sent_at is not None and busy.last_error == ""


def test_two_senders_at_once_send_a_message_once(app, runner, mail_server):
    """A message another sender has just claimed (an overlapping `flask mail retry`) is left to it."""
    message = send_email("parent@example.org", "Hello", "Hello.")  # the server is down: it waits
    assert message.sent_at is None
    mail_server.start()
    message.sending_since = utcnow()  # the other sender is delivering it now
    db.session.commit()
    result = runner.invoke(args=["mail", "retry"])
    assert "Delivered 0 messages; 1 still waiting." in result.output
    assert mail_server.received == []
    # A claim long past was left by a sender that died: the message is tried again, once.
    message.sending_since = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert runner.invoke(args=["mail", "retry"]).exit_code == 0
    assert runner.invoke(args=["mail", "retry"]).exit_code == 0
    assert mail_server.sent() == [("parent@example.org", "Hello")]


def test_delivering_a_message_another_sender_has_sent_meanwhile_does_nothing(mail_server):
    message = send_email("parent@example.org", "Hello", "Hello.")  # the server is down: it waits
    assert message.sent_at is None
    mail_server.start()
    # Another sender delivers it after we read it: our copy still says "not sent".
    with db.engine.begin() as connection:
        connection.execute(OutboxMessage.__table__.update().where(OutboxMessage.id == message.id)
                           .values(sent_at=utcnow()))
    assert message.sent_at is None
    assert deliver(message) is True
    assert mail_server.received == []
