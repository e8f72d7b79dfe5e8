"""Email: stored first, then delivered by SMTP or written to the instance outbox folder; retried
without sending twice; readable by officers at /admin/outbox with secrets hidden."""
from __future__ import annotations

import pytest

import email
import os
import socket

from portal.email import redact_secrets, send_email
from portal.extensions import db
from portal.models import OutboxMessage

from .test_layout import Page


@pytest.fixture(autouse=True)
def instance_in_tmp(app, tmp_path):
    """Email written to the outbox folder goes to this test's folder, not the repository's instance/."""
    app.instance_path = str(tmp_path / "instance")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens here once the socket closes


def h1s(html: str) -> list[str]:
    return [text.strip() for text in Page(html).h1s]


def test_without_a_mail_server_email_goes_to_the_instance_outbox(app, client, make_user, tmp_path):
    app.instance_path = str(tmp_path / "instance")
    app.config["MAIL_SERVER"] = ""
    make_user("ann@example.org")
    client.post("/forgotten-password", data={"email": "ann@example.org"})

    message = db.session.query(OutboxMessage).one()
    assert message.sent_at is not None and message.attempts == 1 and message.last_error == ""
    path = os.path.join(app.instance_path, "outbox", f"{message.id:06d}.eml")
    with open(path, "rb") as fh:
        written = email.message_from_bytes(fh.read())
    assert written["To"] == "ann@example.org"
    assert written["Subject"] == "Reset your Local Offer password"
    assert "/reset-password/" in written.get_payload(decode=True).decode()


def test_smtp_down_keeps_the_message_and_retry_sends_it_once(app, runner, smtp_server):
    working_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = closed_port()
    message = send_email("ann@example.org", "Hello", "A plain message.")
    assert message.sent_at is None
    assert message.attempts == 1
    assert message.last_error  # e.g. "[Errno 111] Connection refused"
    assert smtp_server == []

    app.config["MAIL_PORT"] = working_port
    result = runner.invoke(args=["mail", "retry"])
    assert result.exit_code == 0, result.output
    assert "Delivered 1 message; 0 still waiting." in result.output
    assert len(smtp_server) == 1
    assert smtp_server[0]["Subject"] == "Hello"
    db.session.refresh(message)
    assert message.sent_at is not None and message.attempts == 2 and message.last_error == ""

    result = runner.invoke(args=["mail", "retry"])
    assert "Delivered 0 messages; 0 still waiting." in result.output
    assert len(smtp_server) == 1  # never sent twice


def test_retry_says_when_messages_are_still_waiting(app, runner):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port())
    send_email("ann@example.org", "Hello", "A plain message.")
    result = runner.invoke(args=["mail", "retry"])
    assert result.exit_code == 1
    assert "Delivered 0 messages; 1 still waiting." in result.output
    assert db.session.query(OutboxMessage).one().attempts == 2


def test_outbox_lists_messages_newest_first(app, client, make_user, login):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port())
    older = send_email("ann@example.org", "Older message", "Body one.")
    newer = send_email("bob@example.org", "Newer message", "Body two.")
    login(make_user(roles=("officer",)))
    response = client.get("/admin/outbox")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert h1s(html) == ["Email sent by the Local Offer"]
    assert html.index("Newer message") < html.index("Older message")
    assert "bob@example.org" in html and "Waiting" in html and "Connection refused" in html
    page = Page(html)
    assert page.find("a", href=f"/admin/outbox/{newer.id}") and page.find("a", href=f"/admin/outbox/{older.id}")


def test_outbox_message_shows_the_body_as_text(app, client, make_user, login):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port())
    message = send_email("ann@example.org", "About <b>you</b>",
                         "Hello <script>alert(1)</script> & welcome.\n\nSecond paragraph.")
    login(make_user(roles=("officer",)))
    html = client.get(f"/admin/outbox/{message.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "<b>you</b>" not in html
    assert "Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp; welcome." in html
    assert h1s(html) == ["About <b>you</b>"]  # escaped in the markup, shown as typed
    assert "Second paragraph." in html
    assert client.get("/admin/outbox/99999").status_code == 404


def test_outbox_hides_reset_links(app, client, make_user, login):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port())
    make_user("admin@example.org", roles=("admin",))
    client.post("/forgotten-password", data={"email": "admin@example.org"})
    message = db.session.query(OutboxMessage).one()
    token = message.body.split("/reset-password/")[1].split()[0]

    login(make_user(roles=("officer",)))
    html = client.get(f"/admin/outbox/{message.id}").get_data(as_text=True)
    assert token not in html
    assert "/reset-password/[hidden]" in html


def test_redaction_keeps_ordinary_text():
    text = "Visit https://example.org/services/a1b2c3 or call 01632 960000. See section 5.1.7."
    assert redact_secrets(text) == text


def test_outbox_needs_an_officer(client, make_user, login):
    response = client.get("/admin/outbox/1")
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in?next=")
    login(make_user(roles=("forum_member",)))
    assert client.get("/admin/outbox/1").status_code == 403
