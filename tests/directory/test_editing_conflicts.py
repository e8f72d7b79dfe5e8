"""Two people editing the same listing: nobody's save silently overwrites another's.

Two members of one organisation open the same editor page; the first saves; the second is refused (409),
shown the first person's change beside their own words, and saves again only once they have seen it. A
colleague's save of another page merges. An officer cannot approve a change that was edited after they
opened it, and a provider whose listing was published or sent for review meanwhile keeps their words.
"""
from __future__ import annotations

import html as html_lib
import re

import pytest
from sqlalchemy import update

from directory import listings, memberships
from directory.models import REVISION_APPROVED, REVISION_OPEN, REVISION_SUBMITTED, ListingRevision, Service
from portal.extensions import db
from portal.models import OFFICER, PROVIDER

CONTACT = {"email": "", "phone": "", "website": ""}


@pytest.fixture
def org(make_organisation):
    return make_organisation("Acme Therapies")


@pytest.fixture
def alice(make_user, org):
    return make_user("alice@acme.example.org", roles=(PROVIDER,), organisations=[org], name="Alice Ash")


@pytest.fixture
def bob(make_user, org):
    return make_user("bob@acme.example.org", roles=(PROVIDER,), organisations=[org], name="Bob Birch")


@pytest.fixture
def officer(make_user):
    return make_user("officer@council.example.org", roles=(OFFICER,), name="Olu Officer")


def signed_in(app, user):
    """A browser of its own for this person."""
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return browser


@pytest.fixture
def draft(alice, org) -> Service:
    service = listings.start_listing(alice, org, "Speech Club")
    listings.update_revision(alice, listings.open_revision(service),
                             {"summary": "Weekly speech games.", "phone": "01632 960000"})
    return service


def page_url(service, page: str) -> str:
    return f"/providers/listings/{service.id}/{page}"


def token_on(response) -> str:
    found = re.search(r'name="edited_from" value="([^"]+)"', response.get_data(as_text=True))
    assert found, "the editor page carries no edit token"
    return html_lib.unescape(found.group(1))


def saved() -> dict:
    db.session.expire_all()
    return db.session.scalars(db.select(ListingRevision).order_by(ListingRevision.id.desc())).first().data


def test_the_second_save_of_the_same_page_is_refused_and_shown_the_first(app, draft, alice, bob):
    alice_browser, bob_browser = signed_in(app, alice), signed_in(app, bob)
    alice_token = token_on(alice_browser.get(page_url(draft, "contact")))
    bob_token = token_on(bob_browser.get(page_url(draft, "contact")))

    response = alice_browser.post(page_url(draft, "contact"),
                                  data={**CONTACT, "phone": "01632 960111", "edited_from": alice_token})
    assert response.status_code == 302
    response = bob_browser.post(page_url(draft, "contact"),
                                data={**CONTACT, "phone": "01632 960222", "edited_from": bob_token})
    html = response.get_data(as_text=True)

    assert response.status_code == 409
    assert "Alice Ash changed this page while you were editing it" in html
    theirs = re.search(r'app-conflict__theirs">(.*?)</td>', html, re.S).group(1)
    yours = re.search(r'app-conflict__yours">(.*?)</td>', html, re.S).group(1)
    assert (theirs.strip(), yours.strip()) == ("01632 960111", "01632 960222")
    assert 'value="01632 960222"' in html  # Bob's words are still in the form
    assert len(re.findall(r"<h1[^>]*>", html)) == 1
    assert saved()["phone"] == "01632 960111"  # nothing overwritten

    # Having seen Alice's change, Bob can choose to keep his.
    response = bob_browser.post(page_url(draft, "contact"),
                                data={**CONTACT, "phone": "01632 960222", "edited_from": token_on(response)})
    assert response.status_code == 302
    assert saved()["phone"] == "01632 960222"


def test_a_colleague_saving_another_page_meanwhile_is_not_a_conflict(app, draft, alice, bob):
    alice_browser, bob_browser = signed_in(app, alice), signed_in(app, bob)
    alice_token = token_on(alice_browser.get(page_url(draft, "contact")))
    bob_token = token_on(bob_browser.get(page_url(draft, "who")))
    assert bob_browser.post(page_url(draft, "who"), data={"age_min": "3", "age_max": "11",
                                                          "edited_from": bob_token}).status_code == 302
    response = alice_browser.post(page_url(draft, "contact"),
                                  data={**CONTACT, "phone": "01632 960111", "edited_from": alice_token})
    assert response.status_code == 302
    data = saved()
    assert (data["age_min"], data["age_max"], data["phone"]) == (3, 11, "01632 960111")


def test_saving_the_same_words_as_a_colleague_is_not_a_conflict(app, draft, alice, bob):
    alice_browser, bob_browser = signed_in(app, alice), signed_in(app, bob)
    alice_token = token_on(alice_browser.get(page_url(draft, "contact")))
    bob_token = token_on(bob_browser.get(page_url(draft, "contact")))
    same = {**CONTACT, "phone": "01632 960333"}
    assert alice_browser.post(page_url(draft, "contact"), data={**same, "edited_from": alice_token}).status_code == 302
    assert bob_browser.post(page_url(draft, "contact"), data={**same, "edited_from": bob_token}).status_code == 302


# One valid change per editor page, each different from the draft above.
PAGE_CHANGES = {
    "about": {"name": "Speech Club", "summary": "New words.", "description": "More.", "categories": ["health"]},
    "who": {"needs": ["autism"], "age_min": "2", "age_max": "9", "eligibility": "Children in the borough"},
    "access": {"referral": ["self_referral"], "how_to_access": "Phone us.", "cost": "free", "delivery": ["online"]},
    "contact": {**CONTACT, "email": "club@acme.example.org"},
    "languages": {"languages": ["pl"], "other": "", "area_served": "local"},
    "times": {"day_0-opens": "09:00", "day_0-closes": "12:00"},
}


@pytest.mark.parametrize("page", sorted(PAGE_CHANGES))
def test_every_editor_page_notices_a_change_to_its_own_fields_only(app, draft, alice, bob, page):
    """The page's fingerprint covers exactly the fields it saves: another page's save merges, its own conflicts."""
    alice_browser = signed_in(app, alice)
    token = token_on(alice_browser.get(page_url(draft, page)))
    other = "contact" if page != "contact" else "who"
    memberships.save_section(bob, draft, {"contact": {"website": "https://acme.example.org"},
                                          "who": {"eligibility": "Anyone"}}[other])
    response = alice_browser.post(page_url(draft, page), data={**PAGE_CHANGES[page], "edited_from": token})
    assert response.status_code == 302, response.get_data(as_text=True)

    token = token_on(alice_browser.get(page_url(draft, page)))
    own_field = {"about": {"summary": "Bob's summary."}, "who": {"eligibility": "Bob's rule"},
                 "access": {"how_to_access": "Bob's way"}, "contact": {"email": "bob@acme.example.org"},
                 "languages": {"area_served": "national"},
                 "times": {"schedules": [{"weekday": 4, "opens_at": "10:00", "closes_at": "11:00",
                                          "description": ""}]}}[page]
    memberships.save_section(bob, draft, own_field)
    changed = {**PAGE_CHANGES[page]}
    changed.update({"about": {"summary": "Alice's summary."}, "who": {"eligibility": "Alice's rule"},
                    "access": {"how_to_access": "Alice's way"}, "contact": {"email": "alice@acme.example.org"},
                    "languages": {"area_served": "outside"}, "times": {"day_1-opens": "13:00",
                                                                       "day_1-closes": "14:00"}}[page])
    response = alice_browser.post(page_url(draft, page), data={**changed, "edited_from": token})
    assert response.status_code == 409
    assert "Bob Birch changed this page while you were editing it" in response.get_data(as_text=True)


def test_a_listing_sent_for_review_meanwhile_keeps_the_words_typed(app, draft, alice, bob):
    alice_browser = signed_in(app, alice)
    token = token_on(alice_browser.get(page_url(draft, "contact")))
    memberships.save_section(bob, draft, {"name": "Speech Club"})
    memberships.submit_listing(bob, draft)
    response = alice_browser.post(page_url(draft, "contact"),
                                  data={**CONTACT, "phone": "01632 960444", "edited_from": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "This listing was sent for review while you were editing it" in html
    assert 'value="01632 960444"' in html
    assert saved()["phone"] == "01632 960000"
    assert listings.open_revision(draft).status == REVISION_SUBMITTED


@pytest.fixture
def published(alice, bob, officer, org) -> Service:
    """A published listing with a change open for editing."""
    service = listings.start_listing(alice, org, "Speech Club")
    listings.update_revision(alice, listings.open_revision(service),
                             {"summary": "Weekly speech games.", "phone": "01632 960000"})
    listings.submit_revision(alice, listings.open_revision(service))
    listings.approve_revision(officer, listings.open_revision(service))
    memberships.save_section(bob, service, {"summary": "Weekly speech games, now on Saturdays too."})
    return service


def test_a_change_published_while_a_provider_edits_another_page_is_kept_and_theirs_follows(
        app, published, alice, bob, officer):
    alice_browser = signed_in(app, alice)
    token = token_on(alice_browser.get(page_url(published, "contact")))
    memberships.submit_listing(bob, published)
    listings.approve_revision(officer, listings.open_revision(published))
    assert published.version == 2

    response = alice_browser.post(page_url(published, "contact"),
                                  data={**CONTACT, "phone": "01632 960555", "edited_from": token})
    assert response.status_code == 302
    db.session.expire_all()
    revision = listings.open_revision(published)
    assert revision.status == REVISION_OPEN and revision.base_version == 2
    assert revision.data["summary"] == "Weekly speech games, now on Saturdays too."  # the approved change stays
    assert revision.data["phone"] == "01632 960555"
    assert published.phone == "01632 960000"  # hers waits for review like any change
    assert "An officer published this listing while you were editing it" in \
        alice_browser.get(f"/providers/listings/{published.id}").get_data(as_text=True)


def test_a_change_to_the_same_page_published_meanwhile_is_shown_not_overwritten(app, published, alice, bob, officer):
    alice_browser = signed_in(app, alice)
    token = token_on(alice_browser.get(page_url(published, "contact")))
    memberships.save_section(bob, published, {"phone": "01632 960666"})
    memberships.submit_listing(bob, published)
    listings.approve_revision(officer, listings.open_revision(published))

    response = alice_browser.post(page_url(published, "contact"),
                                  data={**CONTACT, "phone": "01632 960555", "edited_from": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "An officer published a different version of this page while you were editing it" in html
    assert "Olu Officer" not in html
    assert "01632 960666" in html and 'value="01632 960555"' in html
    db.session.expire_all()
    assert listings.open_revision(published) is None  # nothing saved over the published version


def test_an_officer_cannot_approve_a_change_edited_after_they_opened_it(app, client, login, published, bob,
                                                                        officer):
    memberships.submit_listing(bob, published)
    revision = listings.open_revision(published)
    login(officer)
    page = client.get(f"/review/revisions/{revision.id}").get_data(as_text=True)
    seen = re.search(r'name="seen_edit_count" value="(\d+)"', page).group(1)

    # Meanwhile Bob takes it back, changes it and sends it again.
    memberships.withdraw_listing(bob, published)
    memberships.save_section(bob, published, {"summary": "Something the officer has not read."})
    memberships.submit_listing(bob, published)

    response = client.post(f"/review/revisions/{revision.id}/approve", data={"seen_edit_count": seen})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "The provider changed this after you opened it" in html
    assert "Something the officer has not read." in html
    db.session.expire_all()
    assert published.version == 1 and listings.open_revision(published).status == REVISION_SUBMITTED

    response = client.post(f"/review/revisions/{revision.id}/return",
                           data={"seen_edit_count": seen, "reason": "Please add times."})
    assert response.status_code == 409 and "Please add times." in response.get_data(as_text=True)

    seen = re.search(r'name="seen_edit_count" value="(\d+)"', html).group(1)
    assert client.post(f"/review/revisions/{revision.id}/approve",
                       data={"seen_edit_count": seen}).status_code == 302
    db.session.expire_all()
    assert published.version == 2 and published.summary == "Something the officer has not read."
    assert db.session.get(ListingRevision, revision.id).status == REVISION_APPROVED


def test_two_saves_at_the_same_moment_the_second_is_refused(app, draft, alice, bob):
    """The race between reading and writing: the edit count in the UPDATE's WHERE clause catches it."""
    revision = listings.open_revision(draft)
    # Another request saves between this one reading the revision and writing it.
    with db.engine.begin() as connection:
        connection.execute(update(ListingRevision).where(ListingRevision.id == revision.id).values(
            edit_count=ListingRevision.edit_count + 1, data={**revision.data, "phone": "01632 960777"}))
    with pytest.raises(listings.EditConflict):
        listings.update_revision(alice, revision, {"phone": "01632 960888"})
    assert saved()["phone"] == "01632 960777"


def test_a_location_added_at_the_same_moment_as_another_keeps_both(app, draft, alice, monkeypatch):
    alice_browser = signed_in(app, alice)
    real_update = listings.update_revision
    raced = []

    def colleague_saves_first(user, revision, changes):
        if not raced:
            raced.append(True)
            with db.engine.begin() as connection:
                locations = [{"name": "", "address_1": "9 Other Road", "postcode": "N1 1AA"}]
                connection.execute(update(ListingRevision).where(ListingRevision.id == revision.id).values(
                    edit_count=ListingRevision.edit_count + 1, data={**revision.data, "locations": locations}))
        return real_update(user, revision, changes)

    monkeypatch.setattr(listings, "update_revision", colleague_saves_first)
    response = alice_browser.post(page_url(draft, "locations/add"), data={"address_1": "1 High St",
                                                                          "postcode": "E8 1DY"})
    assert response.status_code == 302
    assert [loc["address_1"] for loc in saved()["locations"]] == ["9 Other Road", "1 High St"]
