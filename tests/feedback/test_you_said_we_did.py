""""You said, we did": drafts stay private, publishing tells raisers and followers once (on the site and by
email), the public pages filter by theme and year, and the yearly report (SEND Regulations 2014, reg. 56)."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest
import time_machine
from sqlalchemy import func, select

from directory.models import DRAFT
from feedback import plan_services
from feedback import you_said_we_did as yswd
from feedback.models import (AMBER, BLUE, ENTRY_DRAFT, ENTRY_PUBLISHED, FeedbackFollow, FeedbackItem, FeedbackSupport,
                             Notification, YouSaidWeDid)
from portal.extensions import db
from portal.models import AuditEntry

MARCH_2025 = datetime(2025, 3, 3, 10, tzinfo=timezone.utc)


@pytest.fixture
def officer(make_user):
    return make_user("officer@example.org", roles=("officer",), name="Olu Officer")


@pytest.fixture
def signed_in(officer, login):
    return login(officer)


@pytest.fixture
def people(make_user):
    return {
        "raiser": make_user("raiser@example.org", roles=("forum_member",), name="Rania Raiser"),
        "follower": make_user("follower@example.org", roles=("forum_member",), name="Fola Follower"),
        "supporter": make_user("supporter@example.org", roles=("forum_member",), name="Sam Supporter"),
        "gone": make_user("gone@example.org", roles=("forum_member",), name="Gone Away"),
    }


def make_item(title, *, submitter=None, theme="local-offer", public=False, created=None, status="submitted",
              followers=(), supporters=(), merged_into=None):
    item = FeedbackItem(title=title, body="What happened", theme=theme,
                        submitter_id=submitter.id if submitter else None,
                        shown_publicly=public, may_be_public=public, status=status,
                        merged_into_id=merged_into.id if merged_into else None)
    if created:
        item.created_at = created
    db.session.add(item)
    db.session.flush()
    for user in ([submitter] if submitter else []) + list(followers):
        db.session.add(FeedbackFollow(item_id=item.id, user_id=user.id))
    for user in supporters:
        db.session.add(FeedbackSupport(item_id=item.id, user_id=user.id))
    db.session.commit()
    return item


def entry_form(**overrides):
    data = {"theme": "local-offer", "you_said": "The Local Offer is hard to search for short breaks",
            "people_count": "", "channel": "", "we_did": "We added a short breaks filter and easy-read pages",
            "decided_by": "SEND Programme Board", "decided_on-day": "12", "decided_on-month": "2",
            "decided_on-year": "2025", "outcome": "we_did"}
    data.update(overrides)
    return data


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def published(theme="local-offer", you_said="You said something", *, at=MARCH_2025, items=(), actions=(),
              people_count=0, channel=""):
    entry = yswd.create_entry(None, theme=theme, you_said=you_said, we_did="We did something", decided_by="Board",
                              decided_on=date(2025, 1, 1), outcome="we_did", people_count=people_count,
                              channel=channel, item_ids=[i.id for i in items], action_ids=[a.id for a in actions])
    with time_machine.travel(at, tick=False):
        yswd.publish_entry(None, entry)
    return entry


# --- drafts and publishing -------------------------------------------------------------------------------

def test_a_draft_is_not_public(client, signed_in, people):
    item = make_item("Short breaks are hard to find", submitter=people["raiser"])
    response = client.post("/plan/you-said-we-did/new", data=entry_form(items=[str(item.id)]))
    assert response.status_code == 302
    entry = db.session.scalar(select(YouSaidWeDid))
    assert entry.status == ENTRY_DRAFT and entry.published_at is None
    assert [i.id for i in entry.items] == [item.id]
    assert entry.decided_on == date(2025, 2, 12) and entry.created_by_id == signed_in.id
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "you_said_we_did.create"))

    assert client.get(f"/plan/you-said-we-did/{entry.id}").status_code == 200
    with client.session_transaction() as session:
        session.clear()
    assert client.get(f"/you-said-we-did/{entry.id}").status_code == 404
    assert "hard to search" not in client.get("/you-said-we-did").get_data(as_text=True)
    assert db.session.scalar(select(func.count(Notification.id))) == 0


def test_entry_form_errors_keep_what_was_typed(client, signed_in):
    response = client.post("/plan/you-said-we-did/new", data=entry_form(
        theme="", you_said="", people_count="twelve", channel="Coffee morning",
        **{"decided_on-month": "13"}))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'class="govuk-error-summary"' in html and "<title>Error:" in html
    assert "Choose a theme" in html and "Enter what people told us" in html
    assert "Enter the number of people as a whole number, like 12" in html
    assert "The date it was decided must be a real date" in html
    assert 'value="Coffee morning"' in html and 'value="twelve"' in html
    assert "We added a short breaks filter" in html
    assert db.session.scalar(select(func.count(YouSaidWeDid.id))) == 0

    response = client.post("/plan/you-said-we-did/new", data=entry_form(people_count="12", channel=""))
    assert response.status_code == 400
    assert "Enter where these people told us" in response.get_data(as_text=True)


def test_publishing_needs_what_we_did_who_and_when(client, signed_in):
    client.post("/plan/you-said-we-did/new", data=entry_form(we_did="", decided_by="", outcome="",
                                                             **{"decided_on-day": "", "decided_on-month": "",
                                                                "decided_on-year": ""}))
    entry = db.session.scalar(select(YouSaidWeDid))
    html = client.get(f"/plan/you-said-we-did/{entry.id}").get_data(as_text=True)
    assert "Before you can publish" in html and "Enter what we did" in html
    response = client.post(f"/plan/you-said-we-did/{entry.id}/publish")
    assert response.status_code == 409
    assert "Enter what we did" in response.get_data(as_text=True)
    db.session.refresh(entry)
    assert entry.status == ENTRY_DRAFT


def test_publishing_tells_raisers_and_followers_once(app, client, signed_in, people, smtp_server):
    people["gone"].active = False
    db.session.commit()
    first = make_item("Short breaks are hard to find", submitter=people["raiser"],
                      followers=[people["follower"], people["gone"]], supporters=[people["supporter"]])
    second = make_item("Easy-read pages please", submitter=people["follower"], followers=[people["raiser"]])
    client.post("/plan/you-said-we-did/new", data=entry_form(items=[str(first.id), str(second.id)]))
    entry = db.session.scalar(select(YouSaidWeDid))
    assert smtp_server == []

    response = client.post(f"/plan/you-said-we-did/{entry.id}/publish")
    assert response.status_code == 302
    db.session.refresh(entry)
    assert entry.status == ENTRY_PUBLISHED and entry.published_at is not None and entry.notified_at is not None

    # The raiser and the follower, once each (though each is behind both items); not the supporter (who
    # does not follow), not an account that was closed.
    assert sorted(message["To"] for message in smtp_server) == ["follower@example.org", "raiser@example.org"]
    body = smtp_server[0].get_payload(decode=True).decode()
    assert f"{app.config['PUBLIC_URL']}/you-said-we-did/{entry.id}" in body
    notes = db.session.scalars(select(Notification)).all()
    assert sorted(n.user_id for n in notes) == sorted([people["raiser"].id, people["follower"].id])
    assert all(n.link.endswith(f"/you-said-we-did/{entry.id}") for n in notes)

    # Changing the published entry, publishing again, or unpublishing and publishing tells nobody again.
    response = client.post(f"/plan/you-said-we-did/{entry.id}/edit", data=entry_form(
        items=[str(first.id), str(second.id)], we_did="We added a short breaks filter, easy-read pages and a video"))
    assert response.status_code == 302
    assert client.post(f"/plan/you-said-we-did/{entry.id}/publish").status_code == 302
    assert client.post(f"/plan/you-said-we-did/{entry.id}/unpublish").status_code == 302
    assert client.post(f"/plan/you-said-we-did/{entry.id}/publish").status_code == 302
    assert len(smtp_server) == 2
    assert db.session.scalar(select(func.count(Notification.id))) == 2
    db.session.refresh(entry)
    assert entry.status == ENTRY_PUBLISHED and "video" in entry.we_did
    kinds = [e.action for e in
             db.session.scalars(select(AuditEntry).where(AuditEntry.record_type == "you_said_we_did"))]
    assert kinds.count("you_said_we_did.publish") == 3 and kinds.count("you_said_we_did.unpublish") == 1


def test_how_many_people_counts_raisers_supporters_and_other_channels(app, people):
    item = make_item("Short breaks", submitter=people["raiser"], supporters=[people["supporter"], people["follower"]])
    other = make_item("Same again", submitter=people["supporter"])
    entry = published(items=[item, other], people_count=12, channel="coffee morning")
    assert yswd.people_behind(entry) == 3 + 12


def test_unpublish_takes_it_off_the_public_pages(client, signed_in):
    entry = published(you_said="Unpublish me")
    assert client.get(f"/you-said-we-did/{entry.id}").status_code == 200
    assert client.post(f"/plan/you-said-we-did/{entry.id}/unpublish").status_code == 302
    assert client.get(f"/you-said-we-did/{entry.id}").status_code == 404
    assert "Unpublish me" not in client.get("/you-said-we-did").get_data(as_text=True)


def test_links_to_services_are_to_published_ones(client, signed_in, make_service):
    live = make_service("Riverside Short Breaks")
    hidden = make_service("Not yet live", status=DRAFT)
    html = client.get("/plan/you-said-we-did/new").get_data(as_text=True)
    assert "Riverside Short Breaks" in html and "Not yet live" not in html
    response = client.post("/plan/you-said-we-did/new", data=entry_form(services=[str(hidden.id)]))
    assert response.status_code == 400
    response = client.post("/plan/you-said-we-did/new", data=entry_form(services=[str(live.id)]))
    assert response.status_code == 302
    entry = db.session.scalar(select(YouSaidWeDid))
    assert [s.id for s in yswd.services_of(entry)] == [live.id]
    assert client.post(f"/plan/you-said-we-did/{entry.id}/publish").status_code == 302
    html = client.get(f"/you-said-we-did/{entry.id}").get_data(as_text=True)
    assert f'href="/services/{live.id}"' in html


def test_the_long_list_of_services_is_folded_away_until_some_are_chosen(client, signed_in, make_service):
    """Hundreds of checkboxes would cost a keyboard user hundreds of Tab presses on every entry."""
    live = make_service("Riverside Short Breaks")
    folded = client.get("/plan/you-said-we-did/new").get_data(as_text=True)
    assert re.search(r'<details class="govuk-details">\s*<summary[^>]*>\s*<span[^>]*>Services this is about '
                     r'\(0 chosen\)', folded)
    client.post("/plan/you-said-we-did/new", data=entry_form(services=[str(live.id)]))
    entry = db.session.scalar(select(YouSaidWeDid))
    unfolded = client.get(f"/plan/you-said-we-did/{entry.id}/edit").get_data(as_text=True)
    assert '<details class="govuk-details" open>' in unfolded and "Services this is about (1 chosen)" in unfolded
    kept = client.post("/plan/you-said-we-did/new", data=entry_form(we_did="x" * 20000, services=[str(live.id)]))
    assert kept.status_code == 400 and '<details class="govuk-details" open>' in kept.get_data(as_text=True)


# --- public pages ----------------------------------------------------------------------------------------

def test_public_page_lists_newest_first_and_filters_by_theme_and_year(client, app):
    published("education", "Older education entry", at=datetime(2023, 6, 1, 9, tzinfo=timezone.utc))
    published("health", "Health entry from 2024", at=datetime(2024, 2, 1, 9, tzinfo=timezone.utc))
    published("education", "Newer education entry", at=datetime(2024, 11, 1, 9, tzinfo=timezone.utc))
    yswd.create_entry(None, theme="education", you_said="A draft about education")

    def shown(query=""):
        html = client.get("/you-said-we-did" + query).get_data(as_text=True)
        return [text for text in ("Newer education entry", "Health entry from 2024", "Older education entry",
                                  "A draft about education") if text in html], html

    found, html = shown()
    assert found == ["Newer education entry", "Health entry from 2024", "Older education entry"]
    assert (html.index("Newer education entry") < html.index("Health entry from 2024")
            < html.index("Older education entry"))
    assert '<form method="get" action="/you-said-we-did"' in html
    assert '<option value="2024"' in html and '<option value="2023"' in html and '<option value="2022"' not in html
    assert shown("?theme=education")[0] == ["Newer education entry", "Older education entry"]
    assert shown("?year=2024")[0] == ["Newer education entry", "Health entry from 2024"]
    found, html = shown("?theme=education&year=2023")
    assert found == ["Older education entry"] and '<option value="2023" selected>' in html
    assert shown("?theme=health&year=2023")[0] == []
    assert "Nothing matches these filters." in shown("?theme=health&year=2023")[1]
    # Nonsense is ignored, not an error.
    assert client.get("/you-said-we-did?theme=zzz&year=abc").status_code == 200


def test_public_entry_page(client, app, people):
    plan = plan_services.create_plan(None, "Plan")
    priority = plan_services.add_priority(None, plan, "5", "Local Offer")
    action = plan_services.add_action(None, priority, ref="5.1.7", description="Collect and respond to feedback",
                                      status=AMBER)
    shown = make_item("Search does not find short breaks", submitter=people["raiser"], public=True)
    private = make_item("My son's school in Riverside Road", submitter=people["follower"])
    entry = published(you_said="Search does not find short breaks", items=[shown, private], actions=[action],
                      people_count=12, channel="coffee morning")
    html = client.get(f"/you-said-we-did/{entry.id}").get_data(as_text=True)
    words = text_of(html)
    assert "We did something" in words and "Board" in words and "1 January 2025" in words
    assert "14 people told us this" in words and "coffee morning" in words
    assert f'href="/action-plan/actions/{action.id}"' in html and "Amber – at risk" in words
    assert "Search does not find short breaks" in words
    assert "Riverside Road" not in words and "Rania" not in words
    assert client.get("/you-said-we-did/9999").status_code == 404


# --- the yearly report -----------------------------------------------------------------------------------

@pytest.fixture
def year_of_feedback(people):
    plan = plan_services.create_plan(None, "Plan")
    priority = plan_services.add_priority(None, plan, "5", "Local Offer")
    filter_action = plan_services.add_action(None, priority, ref="5.2.2",
                                             description="Search built on customer journeys",
                                             status=BLUE)
    statement = plan_services.add_action(None, priority, ref="5.1.7", description="Annual statement published",
                                         status=AMBER)
    in_2024 = datetime(2024, 5, 1, 9)
    searching = make_item("Search does not find short breaks", submitter=people["raiser"], public=True, created=in_2024)
    make_item("Contact details are out of date", submitter=people["raiser"], public=True, created=in_2024,
              status="closed")
    make_item("Private: about my child Amira at Oak School", submitter=people["follower"], created=in_2024)
    make_item("CAMHS waiting times", theme="health", submitter=people["raiser"], created=datetime(2024, 12, 31, 23))
    make_item("Duplicate of search", submitter=people["supporter"], created=in_2024, merged_into=searching)
    make_item("Raised in 2023", submitter=people["raiser"], public=True, created=datetime(2023, 12, 31, 23, 59))
    plan_services.link_item(None, statement, searching)
    published("local-offer", "Search does not find short breaks", items=[searching], actions=[filter_action],
              at=datetime(2024, 7, 1, 9, tzinfo=timezone.utc), people_count=5, channel="coffee morning")
    published("health", "A response from 2023", at=datetime(2023, 7, 1, 9, tzinfo=timezone.utc))
    return {"filter": filter_action, "statement": statement}


def test_report_lists_comments_by_theme_responses_and_actions(client, year_of_feedback):
    with time_machine.travel(MARCH_2025, tick=False):
        response = client.get("/you-said-we-did/report?year=2024")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    words = text_of(html)
    assert "Comments about the Local Offer in 2024 and what we did" in words
    assert "regulation 56" in words
    assert "@media print" in html
    assert "4 comments received through the Local Offer feedback service" in words
    assert "1 of them closed with an outcome" in words
    assert "1 response published" in words

    table = text_of(html[html.index("Comments received in 2024, by theme"):html.index("</table>")])
    assert "The Local Offer itself 3 1" in table
    assert "Health 1 0" in table and "Education 0 0" in table and "Total 4 1" in table

    # Public items by title only; private ones and every name are left out.
    assert "Search does not find short breaks" in words and "Contact details are out of date" in words
    assert "Amira" not in words and "Oak School" not in words
    assert "Rania" not in words and "Raiser" not in words and "raiser@example.org" not in html
    assert "Raised in 2023" not in words and "A response from 2023" not in words
    # The response and the actions taken, with their status in words.
    assert "We did something" in words and "Decided by Board" in words
    assert "6 people" in words  # the raiser of the linked item, and 5 at a coffee morning
    actions = text_of(html[html.index("Actions taken"):])
    assert "5.1.7" in actions and "Amber – at risk" in actions
    assert "5.2.2" in actions and "Blue – complete" in actions


def test_report_for_a_bad_year_says_so(client, app):
    with time_machine.travel(MARCH_2025, tick=False):
        for year, message in [("abc", "Enter a year as 4 digits, like 2025"),
                              ("1800", "Enter a year from 2014 to 2025"),
                              ("2999", "Enter a year from 2014 to 2025"), ("20245", "Enter a year as 4 digits")]:
            response = client.get(f"/you-said-we-did/report?year={year}")
            assert response.status_code == 400, year
            html = response.get_data(as_text=True)
            assert message in html and 'class="govuk-error-summary"' in html
            assert f'value="{year}"' in html
        response = client.get("/you-said-we-did/report")
    assert response.status_code == 200
    assert "Comments about the Local Offer in 2025 and what we did" in response.get_data(as_text=True)


def test_pages_have_one_h1_and_every_post_form_has_a_csrf_field(app, client, signed_in):
    app.config["WTF_CSRF_ENABLED"] = True
    draft = yswd.create_entry(None, theme="health", you_said="A draft")
    entry = published(you_said="Published")
    for url in ["/plan/you-said-we-did/", "/plan/you-said-we-did/new", f"/plan/you-said-we-did/{draft.id}",
                f"/plan/you-said-we-did/{entry.id}", f"/plan/you-said-we-did/{draft.id}/edit",
                f"/plan/you-said-we-did/{draft.id}/delete", "/you-said-we-did", f"/you-said-we-did/{entry.id}",
                "/you-said-we-did/report?year=2025", "/you-said-we-did/report?year=abc"]:
        html = client.get(url).get_data(as_text=True)
        assert html.count("<h1") == 1, url
        forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>.*?</form>", html, re.S)
        assert all('name="csrf_token"' in form for form in forms), url
