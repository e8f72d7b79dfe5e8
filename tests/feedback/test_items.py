"""Forum members raising items: due dates, validation, what each person may see, "me too", following,
notifications pages and the rate limit."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from email.header import decode_header, make_header

import pytest
import time_machine
from sqlalchemy import func, select

from directory.models import DRAFT
from feedback import services
from feedback.models import FeedbackFollow, FeedbackItem, FeedbackSupport
from portal.extensions import db
from portal.models import AuditEntry

GOOD = {"title": "No short breaks for over-11s", "body": "The directory lists nothing for older children.",
        "would_help": "List the youth clubs.", "theme": "short-breaks", "service": "", "may_be_public": "yes"}


@pytest.fixture
def member_b(make_user):
    return make_user("bea@example.org", roles=("forum_member",), name="Bea Othermember")


def text(response) -> str:
    return response.get_data(as_text=True)


def sign_out(client):
    with client.session_transaction() as session:
        session.clear()


def raise_item(user, **changes) -> FeedbackItem:
    fields = {"title": "Waiting lists for speech therapy", "body": "Families wait a year.", "would_help": "",
              "theme": "health", "may_be_public": True, **changes}
    return services.raise_item(user, **fields)


def shown(item: FeedbackItem) -> FeedbackItem:
    item.shown_publicly = True
    db.session.commit()
    return item


# --- raising an item --------------------------------------------------------------------------------------

def test_raising_an_item_on_christmas_eve_2026_sets_due_dates_over_the_bank_holidays(
        app, client, login, raiser, officer, smtp_server):
    # (Signed session cookies carry a time: sign in inside the frozen clock.)
    with time_machine.travel(datetime(2026, 12, 24, 10, 0, tzinfo=timezone.utc), tick=False):
        login(raiser)
        response = client.post("/feedback/new", data=GOOD)
        item = db.session.scalar(select(FeedbackItem))
        assert response.status_code == 302
        assert response.headers["Location"] == f"/feedback/items/{item.id}"
        page = text(client.get(f"/feedback/items/{item.id}"))
    assert item.status == "submitted"
    assert item.submitter_id == raiser.id and item.may_be_public and not item.shown_publicly
    # Friday 25 (Christmas), the weekend and Monday 28 (Boxing Day substitute) are not working days.
    assert item.acknowledge_due_on == date(2026, 12, 30)
    assert item.respond_due_on == date(2027, 1, 12)  # 1 January 2027 is a bank holiday too
    assert "Thank you. We have your item and will acknowledge it by Wednesday 30 December 2026" in page
    assert "Wednesday 30 December 2026" in page and "Tuesday 12 January 2027" in page
    assert db.session.scalar(select(FeedbackFollow).where(FeedbackFollow.item_id == item.id,
                                                          FeedbackFollow.user_id == raiser.id)) is not None
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "feedback.raise"))
    assert audit.user_id == raiser.id and audit.after["respond_due_on"] == "2027-01-12"
    # Officers are emailed, through a real SMTP server.
    assert len(smtp_server) == 1
    message = smtp_server[0]
    assert message["To"] == "officer@council.example.org"
    assert "No short breaks for over-11s" in str(make_header(decode_header(message["Subject"])))
    body = message.get_payload(decode=True).decode()
    assert f"/feedback/triage/{item.id}" in body and "Wednesday 30 December 2026" in body


def test_an_empty_submission_shows_every_error_and_saves_nothing(client, login, raiser):
    login(raiser)
    response = client.post("/feedback/new", data={"title": "  ", "body": "\n "})
    assert response.status_code == 400
    html = text(response)
    assert "There is a problem" in html
    for message, anchor in (("Enter a title", "#title"), ("Enter what is happening", "#body"),
                            ("Select what it is about", "#theme"),
                            ("Select yes if we may show it publicly", "#may_be_public")):
        assert f'<a href="{anchor}">{message}</a>' in html
    assert html.count("<h1") == 1 and "<title>Error:" in html
    assert db.session.scalar(select(func.count()).select_from(FeedbackItem)) == 0


def test_a_20000_character_body_is_refused_and_kept(client, login, raiser):
    login(raiser)
    long_body = "Families tell us " + "x" * (20_000 - 17)
    response = client.post("/feedback/new", data={**GOOD, "body": long_body})
    assert response.status_code == 400
    html = text(response)
    assert "What is happening must be 10,000 characters or fewer" in html
    assert long_body in html  # the person's words are kept
    assert 'value="No short breaks for over-11s"' in html
    assert re.search(r'value="short-breaks"\s+checked', html)
    assert db.session.scalar(select(func.count()).select_from(FeedbackItem)) == 0


def test_exactly_10000_characters_is_accepted(client, login, raiser):
    login(raiser)
    assert client.post("/feedback/new", data={**GOOD, "body": "y" * 10_000}).status_code == 302
    assert len(db.session.scalar(select(FeedbackItem)).body) == 10_000


def test_html_and_script_are_shown_as_text(client, login, raiser):
    login(raiser)
    client.post("/feedback/new", data={**GOOD, "title": "<script>alert(1)</script>",
                                       "body": "<b>bold</b>\n<img src=x onerror=alert(2)>"})
    item = db.session.scalar(select(FeedbackItem))
    html = text(client.get(f"/feedback/items/{item.id}"))
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;<br>" in html


def test_an_item_can_name_a_published_service_from_its_page(client, login, raiser, make_service):
    service = make_service("Riverside Speech Clinic")
    hidden = make_service("Draft Club", status=DRAFT)
    login(raiser)
    html = text(client.get(f"/feedback/new?service={service.id}"))
    assert re.search(rf'<option value="{service.id}"\s+selected>Riverside Speech Clinic</option>', html)
    assert "Draft Club" not in html
    assert "<option" in text(client.get("/feedback/new?service=not-a-uuid"))  # ignored, not an error
    response = client.post("/feedback/new", data={**GOOD, "service": str(hidden.id)})
    assert response.status_code == 400 and "Select a service from the list" in text(response)
    assert client.post("/feedback/new", data={**GOOD, "service": str(service.id)}).status_code == 302
    item = db.session.scalar(select(FeedbackItem))
    assert item.service_id == service.id
    assert "Riverside Speech Clinic" in text(client.get(f"/feedback/items/{item.id}"))


def test_raising_is_limited_to_10_an_hour(client, login, raiser):
    with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc), tick=False):
        login(raiser)
        for _ in range(10):
            response = client.post("/feedback/new", data=GOOD)
            assert response.status_code == 302 and response.headers["Location"].startswith("/feedback/items/")
        assert client.post("/feedback/new", data=GOOD).status_code == 429
        assert client.get("/feedback/new").status_code == 200  # reading the form is not limited
    assert db.session.scalar(select(func.count()).select_from(FeedbackItem)) == 10


# --- who sees what ---------------------------------------------------------------------------------------

def test_the_raiser_sees_their_item_and_their_list(client, login, raiser):
    item = raise_item(raiser, may_be_public=False)
    login(raiser)
    html = text(client.get(f"/feedback/items/{item.id}"))
    assert "Waiting lists for speech therapy" in html and "Only you and the Local Offer team" in html
    mine = text(client.get("/feedback/mine"))
    assert "Waiting lists for speech therapy" in mine and "Submitted" in mine and "Acknowledge by" in mine


def test_another_forum_member_gets_404_for_a_private_item(client, login, raiser, member_b, make_user):
    item = raise_item(raiser, may_be_public=True)  # agreed, but not yet checked and shown
    provider = make_user("p@example.org", roles=("provider",))
    for user in (member_b, provider):
        login(user)
        assert client.get(f"/feedback/items/{item.id}").status_code == 404
        assert client.post(f"/feedback/items/{item.id}/support").status_code in (403, 404)
        assert client.post(f"/feedback/items/{item.id}/follow").status_code in (403, 404)
    sign_out(client)
    assert client.get(f"/feedback/items/{item.id}").status_code == 404
    login(member_b)
    assert "Waiting lists" not in text(client.get("/feedback/mine"))
    assert "Waiting lists" not in text(client.get("/feedback/public"))
    assert db.session.scalar(select(func.count()).select_from(FeedbackSupport)) == 0
    assert db.session.scalar(select(func.count()).select_from(FeedbackFollow)) == 1  # the raiser's own


def test_the_public_sees_only_items_shown_publicly_and_never_a_name(client, raiser, officer):
    with time_machine.travel(datetime(2026, 5, 1, 9, tzinfo=timezone.utc), tick=False):
        older = shown(raise_item(raiser, title="Older public item", theme="education"))
    with time_machine.travel(datetime(2026, 5, 2, 9, tzinfo=timezone.utc), tick=False):
        newer = shown(raise_item(raiser, title="Newer public item", theme="health"))
    private = raise_item(raiser, title="A private worry", may_be_public=False)
    services.move_item(officer, newer, "acknowledged", text="Thanks, we are looking at it.")
    listing = text(client.get("/feedback/public"))
    assert "Older public item" in listing and "Newer public item" in listing and "A private worry" not in listing
    assert listing.index("Newer public item") < listing.index("Older public item")
    assert "by a parent carer" in listing
    filtered = text(client.get("/feedback/public?theme=education"))
    assert "Older public item" in filtered and "Newer public item" not in filtered
    assert "Newer public item" in text(client.get("/feedback/public?theme=nonsense"))
    page = text(client.get(f"/feedback/items/{newer.id}"))
    assert "A parent carer" in page and "Thanks, we are looking at it." in page
    for name in ("Priya", "Parentname", "priya@example.org", "Olu", "officer@council"):
        assert name not in listing and name not in page, name
    assert client.get(f"/feedback/items/{private.id}").status_code == 404
    assert client.get(f"/feedback/items/{older.id}").status_code == 200


def test_officers_see_every_item_with_the_raisers_name(client, login, raiser, officer):
    item = raise_item(raiser, may_be_public=False)
    login(officer)
    html = text(client.get(f"/feedback/items/{item.id}"))
    assert "Priya Parentname" in html and "priya@example.org" in html


# --- me too and following --------------------------------------------------------------------------------

def test_me_too_counts_once_per_member(client, login, raiser, member_b, make_user):
    item = shown(raise_item(raiser))
    member_c = make_user("cat@example.org", roles=("forum_member",))
    login(member_b)
    assert client.post(f"/feedback/items/{item.id}/support").status_code == 302
    assert client.post(f"/feedback/items/{item.id}/support").status_code == 302
    assert services.support_count(item) == 1
    html = text(client.get(f"/feedback/items/{item.id}"))
    assert "1 forum member said “me too”" in html and "You said “me too” to this item." in html
    login(member_c)
    client.post(f"/feedback/items/{item.id}/support")
    assert services.support_count(item) == 2
    assert "2 forum members said “me too”" in text(client.get(f"/feedback/items/{item.id}"))
    login(raiser)  # the raiser already counts
    client.post(f"/feedback/items/{item.id}/support")
    assert services.support_count(item) == 2
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "feedback.support")) == 2


def test_me_too_needs_a_public_item_and_a_forum_member(client, login, raiser, officer):
    item = raise_item(raiser)
    login(raiser)
    client.post(f"/feedback/items/{item.id}/support")
    assert services.support_count(item) == 0
    login(officer)
    assert client.post(f"/feedback/items/{item.id}/support").status_code == 403
    sign_out(client)
    shown(item)
    response = client.post(f"/feedback/items/{item.id}/support")
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")
    assert services.support_count(item) == 0


def test_follow_and_unfollow(client, login, raiser, member_b):
    item = shown(raise_item(raiser))
    login(member_b)
    assert "Follow" in text(client.get(f"/feedback/items/{item.id}"))
    client.post(f"/feedback/items/{item.id}/follow")
    client.post(f"/feedback/items/{item.id}/follow")
    assert services.is_following(member_b, item)
    assert db.session.scalar(select(func.count()).select_from(FeedbackFollow)
                             .where(FeedbackFollow.user_id == member_b.id)) == 1
    assert "Stop following" in text(client.get(f"/feedback/items/{item.id}"))
    assert "Waiting lists for speech therapy" in text(client.get("/feedback/mine"))  # "Items you follow"
    client.post(f"/feedback/items/{item.id}/unfollow")
    assert not services.is_following(member_b, item)


# --- notifications ---------------------------------------------------------------------------------------

def test_the_notifications_page_lists_and_marks_read(client, login, raiser, officer):
    item = raise_item(raiser)
    services.move_item(officer, item, "acknowledged")
    assert services.unread_count(raiser) == 1
    login(raiser)
    html = text(client.get("/feedback/notifications"))
    assert "We have acknowledged “Waiting lists for speech therapy”" in html
    assert f'href="/feedback/items/{item.id}"' in html and ">New<" in html
    assert services.unread_count(raiser) == 0
    assert ">New<" not in text(client.get("/feedback/notifications"))
    login(officer)
    assert "We have acknowledged" not in text(client.get("/feedback/notifications"))


def test_an_email_failure_never_loses_the_item(app, client, login, raiser, officer):
    import socket
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    login(raiser)
    response = client.post("/feedback/new", data=GOOD)
    assert response.status_code == 302
    item = db.session.scalar(select(FeedbackItem))
    assert item.title == "No short breaks for over-11s"
    from portal.models import OutboxMessage
    queued = db.session.scalar(select(OutboxMessage))
    assert queued.recipient == officer.email and queued.sent_at is None and queued.last_error  # retried later
