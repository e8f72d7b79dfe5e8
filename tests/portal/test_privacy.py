"""The privacy notice: it exists, every page links to it, and what it says is what the code does.

Each fact the notice states is checked here against the code: a search keeps only the postcode district,
the site sets one cookie, failed sign-ins keep an IP address and are deleted after the days it quotes,
email copies likewise, and the tables holding personal data have exactly the columns it describes (a new
column fails test_personal_data_tables_hold_what_the_notice_describes until the notice is updated too).
"""
from __future__ import annotations

import os
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, inspect, select

from directory.models import PostcodeCentroid, ProblemReport, SearchEvent
from portal.email import send_email
from portal.extensions import db
from portal.housekeeping import delete_old_email, delete_old_sign_in_attempts
from portal.models import OFFICER, OutboxMessage, RateLimitCounter, SignInAttempt, TranslationReport, User, utcnow


def privacy_text(client) -> str:
    response = client.get("/privacy")
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_the_notice_names_the_controller_the_contact_and_the_ico(app, client):
    html = privacy_text(client)
    assert len(re.findall(r"<h1[^>]*>", html)) == 1
    assert app.config["COUNCIL_NAME"] in html and "data controller" in html
    assert app.config["LOCAL_OFFER_EMAIL"] in html
    assert 'href="https://ico.org.uk/make-a-complaint/"' in html and "0303 123 1113" in html
    for target in ('href="/account/data"', 'href="/account/delete"'):
        assert target in html


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.in_footer, self.footer_links = 0, []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "footer":
            self.in_footer += 1
        elif tag == "a" and self.in_footer:
            self.footer_links.append(attributes.get("href"))

    def handle_endtag(self, tag):
        if tag == "footer":
            self.in_footer -= 1


def test_every_page_links_to_the_notice_from_its_footer(app, client, login, make_user, make_service):
    """Every HTML page the app serves without URL arguments, as an officer, plus error pages and a listing."""
    service = make_service("Riverside Speech Club", summary="Speech games.")
    login(make_user("officer@council.example.org", roles=(OFFICER,)))
    paths = sorted(rule.rule for rule in app.url_map.iter_rules()
                   if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith("/static"))
    paths += [f"/services/{service.id}", "/no-such-page"]
    checked = []
    for path in paths:
        response = client.get(path)
        if response.mimetype != "text/html" or response.status_code in (301, 302, 303):
            continue
        parser = _Links()
        parser.feed(response.get_data(as_text=True))
        assert "/privacy" in parser.footer_links, f"{path} has no link to the privacy notice in its footer"
        checked.append(path)
    assert len(checked) >= 20 and "/no-such-page" in checked


def test_a_search_keeps_only_the_postcode_district_as_the_notice_says(client, make_service):
    db.session.add(PostcodeCentroid(postcode="E8", latitude=51.5430, longitude=-0.0640))
    db.session.commit()
    make_service("Riverside Speech Club", summary="Speech games.", locations=[("E8 1DY", 51.543, -0.064)])
    # The family's own postcode, not the service's.
    assert client.get("/search?q=speech&postcode=e8+3qx").status_code == 200
    event = db.session.scalar(select(SearchEvent))
    assert event.query == "speech" and event.filters["postcode_district"] == "E8"
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for row in connection.execute(table.select()):
                text = repr(tuple(row)).upper()
                assert "E8 3QX" not in text and "E83QX" not in text, f"{table.name} keeps the full postcode"
    html = privacy_text(client)
    assert "postcode district: for example E8, not E8 1DY" in html
    assert "We do not keep your internet (IP) address with your searches" in html


def test_the_site_sets_one_cookie_that_ends_with_the_browser(app, client, make_user, make_service):
    service = make_service("Riverside Speech Club", summary="Speech games.")
    make_user("parent@example.org", roles=("forum_member",))
    app.config["WTF_CSRF_ENABLED"] = False
    responses = [client.get("/"), client.get("/search?q=speech"), client.get("/?lang=pl"),
                 client.post("/shortlist/add", data={"service_id": str(service.id)}),
                 client.post("/sign-in", data={"email": "parent@example.org",
                                               "password": "correct horse battery staple"}),
                 client.get("/account")]
    cookies = [header for response in responses for header in response.headers.getlist("Set-Cookie")]
    assert cookies, "nothing set a cookie: the test no longer exercises the session"
    names = {header.split("=", 1)[0] for header in cookies}
    assert names == {app.config["SESSION_COOKIE_NAME"]} == {"session"}
    for header in cookies:
        assert "expires=" not in header.lower() and "max-age" not in header.lower(), header
    client.get("/?lang=en")  # the notice is checked in English (the Polish one is translated)
    html = privacy_text(client)
    assert "We use one cookie, called “session”" in html
    assert "Your browser deletes it when you close the browser" in html


def test_pages_load_nothing_from_other_websites(client, make_service):
    service = make_service("Riverside Speech Club", summary="Speech games.")
    for path in ("/", "/search?q=speech", f"/services/{service.id}", "/privacy"):
        response = client.get(path)
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        html = response.get_data(as_text=True)
        for url in re.findall(r'<(?:script|link|img|iframe)\b[^>]*?(?:src|href)="([^"]+)"', html):
            assert url.startswith("/") and not url.startswith("//"), (path, url)
    assert "Every page loads its scripts, styles and fonts from this website only" in privacy_text(client)


# What the notice says each table holds. A new column here means a new kind of personal data: say so on
# /privacy (templates/portal/privacy.html), then add it here.
DESCRIBED = {
    User: {"id", "email", "name", "password_hash", "active", "session_token", "created_at", "last_sign_in_at",
           "language"},
    SignInAttempt: {"id", "email", "ip_address", "created_at"},
    SearchEvent: {"id", "query", "filters", "locale", "result_count", "created_at"},
    OutboxMessage: {"id", "recipient", "subject", "body", "created_at", "sent_at", "attempts", "last_error",
                    "sending_since"},
    ProblemReport: {"id", "service_id", "kind", "details", "reply_email", "status", "created_at", "updated_at"},
    TranslationReport: {"id", "language", "page", "problem", "suggestion", "reply_email", "status", "created_at",
                        "dealt_with_by_id", "dealt_with_at"},
    # Under several workers (RATELIMIT_STORAGE_URI=database://): the key holds the internet address.
    RateLimitCounter: {"key", "count", "expires_at"},
}


@pytest.mark.parametrize("model", list(DESCRIBED), ids=lambda model: model.__tablename__)
def test_personal_data_tables_hold_what_the_notice_describes(model):
    assert {column.key for column in inspect(model).columns} == DESCRIBED[model]


def test_searches_hold_no_internet_address_or_account():
    columns = {column.key for column in inspect(SearchEvent).columns}
    assert not columns & {"ip_address", "user_id", "session", "postcode"}


# --- how long things are kept -------------------------------------------------------------------------------

def test_failed_sign_ins_keep_the_address_and_go_after_the_days_the_notice_says(app, client):
    days = app.config["SIGN_IN_ATTEMPT_RETENTION_DAYS"]
    assert f"after {days} days" in privacy_text(client)
    assert client.post("/sign-in", data={"email": "someone@example.org", "password": "a wrong guess"},
                       environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code == 200
    recent = db.session.scalar(select(SignInAttempt))
    assert (recent.email, recent.ip_address) == ("someone@example.org", "198.51.100.7")
    db.session.add(SignInAttempt(email="old@example.org", ip_address="192.0.2.1",
                                 created_at=utcnow() - timedelta(days=days, minutes=1)))
    db.session.commit()

    assert delete_old_sign_in_attempts() == 1
    assert [a.email for a in db.session.scalars(select(SignInAttempt))] == ["someone@example.org"]
    # A month on, the recent one goes too.
    assert delete_old_sign_in_attempts(now=utcnow() + timedelta(days=days + 1)) == 1
    assert db.session.scalar(select(func.count()).select_from(SignInAttempt)) == 0


def test_the_days_on_the_page_follow_the_configuration(app, client):
    app.config.update(SIGN_IN_ATTEMPT_RETENTION_DAYS=14, OUTBOX_RETENTION_DAYS=45)
    html = privacy_text(client)
    assert "after 14 days" in html and "45 days after the email was sent" in html


def test_email_copies_go_after_the_days_the_notice_says_undelivered_ones_stay(app, client):
    days = app.config["OUTBOX_RETENTION_DAYS"]
    assert f"We delete each copy {days} days after the email was sent" in privacy_text(client)
    old, recent = send_email("a@example.org", "Old", "Old news."), send_email("b@example.org", "New", "News.")
    waiting = OutboxMessage(recipient="c@example.org", subject="Never sent", body="Waiting.",
                            created_at=utcnow() - timedelta(days=days * 2))
    db.session.add(waiting)
    old.sent_at = utcnow() - timedelta(days=days, minutes=1)
    db.session.commit()
    outbox = os.path.join(app.instance_path, "outbox")
    assert f"{old.id:06d}.eml" in os.listdir(outbox)

    assert delete_old_email() == 1
    assert {m.subject for m in db.session.scalars(select(OutboxMessage))} == {"New", "Never sent"}
    assert f"{old.id:06d}.eml" not in os.listdir(outbox) and f"{recent.id:06d}.eml" in os.listdir(outbox)


def test_flask_housekeeping_runs_both(runner):
    db.session.add(SignInAttempt(email="old@example.org", ip_address="192.0.2.1",
                                 created_at=utcnow() - timedelta(days=400)))
    db.session.commit()
    result = runner.invoke(args=["housekeeping"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 old failed sign-in attempts and 0 old emails." in result.output
    assert db.session.scalar(select(func.count()).select_from(SignInAttempt)) == 0


def test_rate_limit_counts_go_within_a_day_of_their_limit_ending(app, client):
    """The notice's promise about the counters that hold an internet address (several workers only)."""
    from portal.housekeeping import delete_ended_rate_limits

    assert "Each count is deleted within a day of its limit ending" in privacy_text(client)
    now = utcnow()
    ended = now.timestamp() - 60
    db.session.add_all([RateLimitCounter(key="LIMITS/sign-in/198.51.100.7", count=3, expires_at=ended),
                        RateLimitCounter(key="LIMITS/sign-in/192.0.2.1", count=1, expires_at=ended + 3600)])
    db.session.commit()
    assert delete_ended_rate_limits(now) == 1  # run daily by `flask housekeeping`
    assert [c.key for c in db.session.scalars(select(RateLimitCounter))] == ["LIMITS/sign-in/192.0.2.1"]
