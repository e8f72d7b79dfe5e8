"""Cross-site scripting: a corpus of payloads, sent through the main text fields and query parameters,
comes back inert on every page that shows it, and as plain data in CSV, JSON and email.

"Inert" is judged the way a browser would parse the page (html.parser): no element carries an event
handler attribute, no link, source or form target is a javascript:, vbscript: or data:text/html URL,
every <script> is either ours from /static/ or carries this response's CSP nonce, and there are no
frames, objects, embeds or <base>. Where a page shows a payload, its escaped text must be there too,
so a page that silently drops the payload cannot pass for one that escapes it.
"""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from directory.models import Location
from feedback import plan_services
from feedback import services as feedback_services
from feedback import you_said_we_did as yswd
from portal.extensions import db
from portal.models import OutboxMessage

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '<a href="javascript:alert(1)">click</a>',
    "<body onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "{{7*7}} {% raw %}${7*7}",
    "javascript:alert(1)",
    '<scr<script>ipt>alert(1)</scr</script>ipt>',
    "<base href=//evil.example.org/>",
    "\u202e<script>alert('rtl')</script>",
]
URL_PAYLOADS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                "data:text/html,<script>x</script>", "vbscript:msgbox(1)"]
FORMULA = '=HYPERLINK("http://evil.example.org","click")'
QUERY_PARAMETERS = ("q", "postcode", "age", "page", "sort", "category", "need", "delivery", "free", "theme",
                    "state", "view", "next", "service", "template", "year", "status", "lead", "priority", "table",
                    "page_url", "lang")

DANGEROUS_URL = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.I)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc", "background"}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "base", "applet"}


class InertnessCheck(HTMLParser):
    """Collects every way the parsed page could run a script that is not ours."""

    def __init__(self, nonce: str | None):
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag}> has an event handler {name}={value!r}")
            if name in URL_ATTRIBUTES and value and DANGEROUS_URL.match(value):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"a <{tag}> element")
        if tag == "script":
            src = attributes.get("src") or ""
            if not (src.startswith("/static/") or (self.nonce and attributes.get("nonce") == self.nonce)):
                self.problems.append(f"a <script> that is neither ours nor nonced: {attributes}")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("a <meta http-equiv=refresh>")

    handle_startendtag = handle_starttag


def assert_inert(response, where: str) -> str:
    """The response's HTML, after checking nothing in it would run."""
    html = response.get_data(as_text=True)
    nonce = re.search(r"'nonce-([^']+)'", response.headers.get("Content-Security-Policy", ""))
    check = InertnessCheck(nonce.group(1) if nonce else None)
    check.feed(html)
    check.close()
    assert not check.problems, f"{where}: " + "; ".join(check.problems)
    assert "<script>alert" not in html.lower(), where
    return html


def assert_shown_escaped(html: str, text: str, where: str) -> None:
    assert str(escape(text)) in html, f"{where}: {text!r} is not shown (escaped) on the page"


# --- reflected: query parameters ---------------------------------------------------------------------------

PUBLIC_PAGES = ["/", "/search", "/needs", "/glossary", "/about", "/accessibility", "/feedback/public",
                "/feedback/performance", "/action-plan", "/you-said-we-did", "/you-said-we-did/report", "/open-data",
                "/sign-in", "/forgotten-password", "/providers/sign-up", "/shortlist", "/search/print",
                "/translations", "/no-such-page"]
OFFICER_PAGES = ["/review/", "/review/reports", "/review/freshness", "/feedback/triage", "/feedback/insight",
                 "/feedback/templates", "/plan/", "/plan/you-said-we-did/", "/providers/memberships", "/admin/outbox",
                 "/providers/", "/translations/reports"]


@pytest.mark.parametrize("payload", PAYLOADS + URL_PAYLOADS)
def test_payloads_in_query_parameters_come_back_inert(client, login, make_user, make_service, payload):
    make_service("Riverside Speech Clinic", summary="Speech help.")
    query = {name: payload for name in QUERY_PARAMETERS}
    for path in PUBLIC_PAGES:
        response = client.get(path, query_string=query)
        assert response.status_code < 500, path
        assert_inert(response, f"{path}?…={payload!r}")
    html = client.get("/search", query_string={"q": payload}).get_data(as_text=True)
    assert_shown_escaped(html, payload.strip(), "search box")  # the words are shown back to the reader
    login(make_user("officer@council.example.org", roles=("officer",)))
    for path in OFFICER_PAGES:
        response = client.get(path, query_string=query)
        assert response.status_code < 500, path
        if response.status_code != 404:  # a page still being built by someone else
            assert_inert(response, f"{path}?…={payload!r} (officer)")


def test_the_sign_in_return_address_cannot_be_a_script(client, make_user):
    make_user("someone@example.org", password="correct horse battery staple")
    for target in URL_PAYLOADS + ["//evil.example.org", "https://evil.example.org/"]:
        page = client.get("/sign-in", query_string={"next": target})
        assert_inert(page, f"sign-in next={target!r}")
        response = client.post("/sign-in", data={"email": "someone@example.org",
                                                 "password": "correct horse battery staple", "next": target})
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/"), target
        assert not response.headers["Location"].startswith("//"), target
        client.post("/sign-out")


# --- stored: records people write --------------------------------------------------------------------------

@pytest.fixture
def stored(app, client, make_organisation, make_service, make_user):
    """One organisation and service per payload (made directly), and a JavaScript website."""
    made = []
    for number, payload in enumerate(PAYLOADS):
        organisation = make_organisation(f"Org {number} {payload}", description=f"About {payload}",
                                         website=URL_PAYLOADS[number % len(URL_PAYLOADS)])
        service = make_service(f"Clinic {number} {payload}", organisation=organisation, summary=f"Summary {payload}",
                               description=f"Description {payload}", eligibility=f"Who {payload}",
                               how_to_access=f"How {payload}", cost_detail=f"Cost {payload}", is_free=False,
                               website=URL_PAYLOADS[number % len(URL_PAYLOADS)], email="clinic@example.org",
                               phone="01632 960000", categories=["health"], needs=["autism"],
                               locations=[("E8 1DY", 51.543, -0.064)])
        service.locations[0].address_1 = f"1 {payload} Street"
        made.append((payload, organisation, service))
    db.session.commit()
    return made


def test_directory_pages_show_stored_payloads_inert(client, stored):
    for number, (payload, organisation, service) in enumerate(stored):
        html = assert_inert(client.get(f"/services/{service.id}"), f"service page {payload!r}")
        assert_shown_escaped(html, f"Clinic {number} {payload}", "service name")
        assert_shown_escaped(html, f"Description {payload}", "service description")
        assert 'href="javascript' not in html.lower() and "href=\" javascript" not in html.lower()
        assert_inert(client.get(f"/organisations/{organisation.id}"), f"organisation page {payload!r}")
        assert_inert(client.get(f"/services/{service.id}/report"), f"report a problem {payload!r}")
    for path in ("/search?q=clinic", "/search?q=clinic&page=2", "/categories/health", "/needs/autism",
                 "/search/print?q=clinic"):
        response = client.get(path)
        assert response.status_code < 500, path
        assert_inert(response, path)


def test_the_shortlist_and_its_print_view_show_payloads_inert(client, stored):
    for payload, organisation, service in stored[:6]:
        client.post("/shortlist/add", data={"service_id": str(service.id), "next": "/shortlist"})
    for path in ("/shortlist", "/shortlist/print"):
        response = client.get(path)
        if response.status_code == 404:
            pytest.skip("the shortlist is not served in this build")
        assert_inert(response, path)


def test_csv_downloads_are_attachments_and_neutralise_formulas(client, make_service):
    make_service(FORMULA, summary="<script>alert(1)</script>", description="@SUM(1+1)*cmd|' /C calc'!A0")
    for path in ("/search.csv?q=hyperlink", "/open-data/directory.csv"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.mimetype == "text/csv", path
        assert response.headers["Content-Disposition"].startswith("attachment"), path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
        cells = [cell for row in rows[1:] for cell in row]
        assert cells, path
        assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")], path
        assert "'" + FORMULA in cells, path  # kept, as text a spreadsheet will not run


def test_the_api_returns_payloads_as_exact_data_in_json(client, stored):
    for payload, organisation, service in stored:
        response = client.get(f"/api/oruk/services/{service.id}")
        assert response.status_code == 200
        assert response.mimetype == "application/json"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        data = json.loads(response.get_data(as_text=True))
        assert data["name"].endswith(payload)  # data, exactly as written: escaping is the reader's job
        assert data["description"].endswith(payload)
    listing = client.get("/open-data/directory.json")
    assert listing.mimetype == "application/json" and listing.headers["X-Content-Type-Options"] == "nosniff"
    json.loads(listing.get_data(as_text=True))


def test_feedback_written_through_the_forms_comes_back_inert(client, login, make_user, make_service):
    service = make_service("Riverside Speech Clinic", summary="Speech help.")
    raiser = make_user("raiser@example.org", roles=("forum_member",))
    officer = make_user("officer@council.example.org", roles=("officer",))
    items = []
    # Nine items (the form allows ten an hour from one person); the other payloads ride in other fields.
    for number, payload in enumerate(PAYLOADS[:9]):
        other = PAYLOADS[-(number + 1)]
        login(raiser)
        response = client.post("/feedback/new", data={
            "title": f"Title {payload}"[:150], "body": f"Body {payload}", "would_help": f"Help {other}",
            "theme": "health", "service": str(service.id), "may_be_public": "yes"})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        item_id = int(response.headers["Location"].rsplit("/", 1)[1])
        items.append((payload, item_id))
        login(officer)
        client.post(f"/feedback/triage/{item_id}/updates", data={"text": f"Update {payload} {other}"})
        client.post(f"/feedback/triage/{item_id}/notes", data={"text": f"Note {payload}"})
        client.post(f"/feedback/triage/{item_id}/show", data={"checked": "y"})
    feedback_services.create_template(officer, f"Template {PAYLOADS[0]}", f"Body {PAYLOADS[1]}")

    login(raiser)
    for payload, item_id in items:
        html = assert_inert(client.get(f"/feedback/items/{item_id}"), f"item page (raiser) {payload!r}")
        assert_shown_escaped(html, f"Body {payload}", "item body")
        assert_shown_escaped(html, f"Update {payload}", "officer's update")  # followed by the other payload
    assert_inert(client.get("/feedback/mine"), "your feedback")
    assert_inert(client.get("/feedback/notifications"), "notifications")
    client.post("/sign-out")
    assert_inert(client.get("/feedback/public"), "public feedback")
    for payload, item_id in items:
        assert_inert(client.get(f"/feedback/items/{item_id}"), f"item page (public) {payload!r}")
    login(officer)
    for path in ["/feedback/triage", "/feedback/templates", "/feedback/insight", "/plan/",
                 *[f"/feedback/triage/{item_id}" for _, item_id in items],
                 *[f"/feedback/triage/{item_id}/public" for _, item_id in items]]:
        assert_inert(client.get(path), path)


def test_problem_reports_come_back_inert_for_officers(client, login, make_user, make_organisation, make_service):
    organisation = make_organisation("Riverside Speech")
    service = make_service("Riverside Speech Clinic", summary="Speech help.", organisation=organisation)
    make_user("provider@riverside.example.org", roles=("provider",), organisations=[organisation])  # emailed
    for payload in PAYLOADS[:5]:  # the form allows 5 reports an hour from one address
        response = client.post(f"/services/{service.id}/report", data={"kind": "other", "details": f"Wrong {payload}"})
        assert response.status_code == 200, response.status_code
    login(make_user("officer@council.example.org", roles=("officer",)))
    html = assert_inert(client.get("/review/reports"), "problem reports")
    for payload in PAYLOADS[:5]:
        assert_shown_escaped(html, f"Wrong {payload}", "problem report details")
    _check_outbox(client)


def test_a_providers_edits_come_back_inert_for_the_reviewing_officer(client, login, make_user, make_organisation,
                                                                    make_service):
    organisation = make_organisation("Acme Therapies")
    service = make_service("Acme Speech Clinic", organisation=organisation, summary="Speech help.", version=1)
    provider = make_user("provider@acme.example.org", roles=("provider",), organisations=[organisation])
    login(provider)
    payload = PAYLOADS[1] + PAYLOADS[0]
    response = client.post(f"/providers/listings/{service.id}/about", data={
        "name": f"Acme {payload}"[:255], "summary": f"Summary {payload}", "description": f"Description {payload}",
        "categories": ["health"]})
    assert response.status_code in (200, 302)
    client.post(f"/providers/listings/{service.id}/contact", data={"website": "javascript:alert(1)"})
    for path in (f"/providers/listings/{service.id}", f"/providers/listings/{service.id}/check",
                 f"/providers/listings/{service.id}/preview", f"/providers/listings/{service.id}/about", "/providers/"):
        assert_inert(client.get(path), path)
    client.post(f"/providers/listings/{service.id}/submit")
    login(make_user("officer@council.example.org", roles=("officer",)))
    queue = assert_inert(client.get("/review/"), "review queue")
    revision = re.search(r'href="(/review/revisions/\d+)"', queue).group(1)
    html = assert_inert(client.get(revision), "revision diff")
    assert_shown_escaped(html, f"Summary {payload}", "revision diff")
    assert_inert(client.get(f"/review/services/{service.id}/versions"), "versions")


def test_a_proposed_organisation_comes_back_inert_in_the_membership_queue(client, login, make_user):
    officer = make_user("officer@council.example.org", roles=("officer",))  # emailed about the request
    payload = PAYLOADS[1]
    response = client.post("/providers/sign-up", data={
        "name": f"Ann {payload}"[:200], "email": "ann@example.org", "password": "correct horse battery staple",
        "listed": "no", "org_name": f"Org {payload}", "org_website": "https://example.org",
        "org_phone": "", "org_email": "", "message": f"Hello {PAYLOADS[0]}"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    client.post("/sign-out")
    login(officer)
    html = assert_inert(client.get("/providers/memberships"), "membership queue")
    assert_shown_escaped(html, f"Org {payload}", "membership queue")
    _check_outbox(client)


def test_plan_and_you_said_we_did_text_comes_back_inert(client, login, make_user):
    payload = PAYLOADS[0] + PAYLOADS[1]
    plan = plan_services.create_plan(None, f"Plan {payload}")
    priority = plan_services.add_priority(None, plan, "1", f"Priority {payload}")
    action = plan_services.add_action(None, priority, ref="1.1", description=f"Action {payload}",
                                      lead=f"Lead {payload}", due_on=date(2030, 1, 1))
    entry = yswd.create_entry(None, theme="health", you_said=f"Said {payload}", we_did=f"Did {payload}",
                              decided_by=f"Board {payload}", decided_on=date(2025, 1, 1), outcome="we_did")
    yswd.publish_entry(None, entry)
    for path in ("/action-plan", f"/action-plan/actions/{action.id}", "/you-said-we-did",
                 "/you-said-we-did/report", f"/you-said-we-did/{entry.id}"):
        html = assert_inert(client.get(path), path)
    assert_shown_escaped(html, f"Said {payload}", "a published You said, we did")
    login(make_user("officer@council.example.org", roles=("officer",)))
    for path in ("/plan/", f"/plan/{plan.id}", f"/plan/actions/{action.id}", f"/plan/actions/{action.id}/edit",
                 "/plan/you-said-we-did/", f"/plan/you-said-we-did/{entry.id}"):
        assert_inert(client.get(path), path)


def _check_outbox(client) -> None:
    """Emails are plain text; the officers' outbox shows them, escaped."""
    messages = db.session.query(OutboxMessage).all()
    assert messages, "no email was written"
    assert_inert(client.get("/admin/outbox"), "outbox")
    for message in messages:
        assert_inert(client.get(f"/admin/outbox/{message.id}"), f"outbox message {message.subject!r}")


def test_the_inertness_check_catches_what_it_should():
    """The checker itself: each of these pages must be caught."""
    class Page:
        def __init__(self, html):
            self.html, self.headers = html, {"Content-Security-Policy": "script-src 'self' 'nonce-abc'"}

        def get_data(self, as_text=True):
            return self.html

    for html in ('<img src=x onerror=alert(1)>', '<a href=" javascript:alert(1)">x</a>', '<script>alert(1)</script>',
                 '<script nonce="wrong">x()</script>', '<svg onload=alert(1)>', '<iframe src="/"></iframe>',
                 '<form action="javascript:alert(1)">', '<base href="//evil.example.org/">',
                 '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'):
        with pytest.raises(AssertionError):
            assert_inert(Page(html), html)
    assert_inert(Page('<script nonce="abc">ok()</script><script src="/static/dist/app.js"></script>'), "ours")
    assert_inert(Page("&lt;script&gt;alert(1)&lt;/script&gt; &#34;&gt;&lt;img src=x onerror=alert(1)&gt;"), "text")
