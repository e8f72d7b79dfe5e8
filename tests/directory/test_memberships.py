"""Provider sign-up (claim or propose an organisation), officers' decisions, invitations."""
import re
from datetime import datetime, timedelta, timezone

import time_machine
from sqlalchemy import select

from directory import memberships
from directory.models import (MEMBERSHIP_APPROVED, MEMBERSHIP_PENDING, MEMBERSHIP_REFUSED, Membership,
                              Organisation)
from portal.extensions import db
from portal.models import AuditEntry, User
from portal.services import signed_token, user_by_email

PASSWORD = "violet kettle harbour lantern"


def body(message) -> str:
    return message.get_payload(decode=True).decode()


def h1s(response) -> list[str]:
    return re.findall(r"<h1[^>]*>(.*?)</h1>", response.get_data(as_text=True), re.S)


def claim(client, org, **extra):
    data = {"name": "Priya Shah", "email": "priya@acme.example.org", "password": PASSWORD, "listed": "yes",
            "organisation": str(org.id)}
    data.update(extra)
    return client.post("/providers/sign-up", data=data)


def propose(client, **extra):
    data = {"name": "Sam Okoro", "email": "sam@newbie.example.org", "password": PASSWORD, "listed": "no",
            "org_name": "Newbie Play Club", "org_website": "https://newbie.example.org", "org_phone": "01632 960555",
            "org_email": "hello@newbie.example.org", "message": "I run the Saturday club."}
    data.update(extra)
    return client.post("/providers/sign-up", data=data)


def membership_of(email: str) -> Membership:
    user = user_by_email(email)
    return db.session.scalar(select(Membership).where(Membership.user_id == user.id))


# ---------------------------------------------------------------------------------------------------------
# Sign-up
# ---------------------------------------------------------------------------------------------------------

def test_sign_up_page_offers_both_ways(client, make_organisation):
    make_organisation("Acme Therapies")
    response = client.get("/providers/sign-up")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(h1s(response)) == 1
    assert "Acme Therapies" in html
    assert 'name="csrf_token"' in html
    assert 'value="yes"' in html and 'value="no"' in html


def test_sign_up_search_narrows_the_list(client, make_organisation):
    make_organisation("Acme Therapies")
    make_organisation("Zebra Youth Club")
    html = client.get("/providers/sign-up?q=zebra").get_data(as_text=True)
    assert "Zebra Youth Club" in html and "Acme Therapies" not in html


def test_claiming_an_organisation_makes_a_pending_membership_and_emails_officers(
        client, make_organisation, make_user, smtp_server):
    org = make_organisation("Acme Therapies")
    make_user("officer1@council.example.org", roles=("officer",))
    make_user("officer2@council.example.org", roles=("officer",))
    make_user("forum@example.org", roles=("forum_member",))

    response = claim(client, org)

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/providers/sign-up/next")
    user = user_by_email("priya@acme.example.org")
    assert user is not None and user.roles == {"provider"}
    membership = membership_of("priya@acme.example.org")
    assert membership.organisation_id == org.id
    assert membership.status == MEMBERSHIP_PENDING
    assert membership.proposed_organisation is False
    assert sorted(m["To"] for m in smtp_server) == ["officer1@council.example.org", "officer2@council.example.org"]
    assert "Acme Therapies" in smtp_server[0]["Subject"]
    assert "Priya Shah" in body(smtp_server[0]) and "/providers/memberships" in body(smtp_server[0])
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "membership.request")) is not None

    # Signed in, and told what happens next.
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "What happens next" in html and "Acme Therapies" in html


def test_proposing_an_organisation_creates_it_and_tells_officers_to_check_it(client, make_user, smtp_server):
    make_user("officer@council.example.org", roles=("officer",))

    response = propose(client)

    assert response.status_code == 302
    org = db.session.scalar(select(Organisation).where(Organisation.name == "Newbie Play Club"))
    assert org is not None and org.website == "https://newbie.example.org" and org.phone == "01632 960555"
    membership = membership_of("sam@newbie.example.org")
    assert membership.proposed_organisation is True and membership.status == MEMBERSHIP_PENDING
    assert membership.message == "I run the Saturday club."
    assert len(smtp_server) == 1 and "New organisation" in smtp_server[0]["Subject"]
    assert "https://newbie.example.org" in body(smtp_server[0])


def test_an_unconfirmed_proposed_organisation_cannot_be_claimed_by_others(client, make_user):
    propose(client)
    client.post("/sign-out")
    with client.session_transaction() as session:
        session.clear()
    org = db.session.scalar(select(Organisation).where(Organisation.name == "Newbie Play Club"))
    assert org not in memberships.claimable_organisations()
    assert "Newbie Play Club" not in client.get("/providers/sign-up").get_data(as_text=True)
    response = claim(client, org, email="other@example.org")
    assert response.status_code == 200
    assert "Choose your organisation from the list" in response.get_data(as_text=True)
    assert user_by_email("other@example.org") is None


def test_sign_up_errors_keep_what_was_typed(client, make_organisation):
    org = make_organisation("Acme Therapies")
    response = claim(client, org, password="password", name="Priya <Shah>", email="not-an-email")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter an email address in the correct format" in html
    assert 'value="Priya &lt;Shah&gt;"' in html
    assert 'value="not-an-email"' in html
    assert PASSWORD not in html and 'value="password"' not in html
    assert db.session.scalar(select(User)) is None


def test_sign_up_refuses_a_common_password_and_a_used_email(client, make_organisation, make_user):
    org = make_organisation("Acme Therapies")
    html = claim(client, org, password="password1234").get_data(as_text=True)
    assert "too common" in html
    make_user("priya@acme.example.org")
    html = claim(client, org).get_data(as_text=True)
    assert "already exists" in html
    assert db.session.scalar(select(Membership)) is None


def test_sign_up_needs_a_choice_of_organisation(client, make_organisation):
    make_organisation("Acme Therapies")
    html = client.post("/providers/sign-up", data={"name": "A", "email": "a@example.org", "password": PASSWORD}) \
        .get_data(as_text=True)
    assert "Select yes if your organisation is already on the Local Offer" in html
    html = client.post("/providers/sign-up", data={"name": "A", "email": "a@example.org", "password": PASSWORD,
                                                   "listed": "no"}).get_data(as_text=True)
    assert "Enter the name of your organisation" in html
    html = propose(client, org_website="javascript:alert(1)").get_data(as_text=True)
    assert "starts with https://" in html
    assert db.session.scalar(select(Organisation)) is not None  # only the one made above
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Newbie Play Club")) is None


def test_sign_up_is_rate_limited(client, make_organisation):
    org = make_organisation("Acme Therapies")
    statuses = [claim(client, org, password="short").status_code for _ in range(6)]
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429


def test_signed_in_people_are_not_asked_to_sign_up_again(client, make_user, login):
    login(make_user("p@example.org", roles=("provider",)))
    html = client.get("/providers/sign-up").get_data(as_text=True)
    assert "You are already signed in" in html


# ---------------------------------------------------------------------------------------------------------
# Officers' decisions
# ---------------------------------------------------------------------------------------------------------

def test_officers_see_pending_memberships_oldest_first(client, make_organisation, make_user, login):
    org = make_organisation("Acme Therapies")
    with time_machine.travel(datetime(2025, 1, 1, tzinfo=timezone.utc)):
        claim(client, org, email="first@example.org", name="First Person")
    with client.session_transaction() as session:
        session.clear()
    with time_machine.travel(datetime(2025, 2, 1, tzinfo=timezone.utc)):
        claim(client, org, email="second@example.org", name="Second Person")
    login(make_user("officer@council.example.org", roles=("officer",)))
    response = client.get("/providers/memberships")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and len(h1s(response)) == 1
    assert html.index("first@example.org") < html.index("second@example.org")


def test_approving_lets_the_provider_edit_and_tells_them(client, make_organisation, make_user, login, smtp_server):
    org = make_organisation("Acme Therapies")
    claim(client, org)
    provider = user_by_email("priya@acme.example.org")
    membership = membership_of("priya@acme.example.org")
    assert client.get("/providers/listings/new").get_data(as_text=True).count('name="name"') == 0
    officer = make_user("officer@council.example.org", roles=("officer",))
    smtp_server.clear()
    login(officer)

    response = client.post(f"/providers/memberships/{membership.id}/approve")

    assert response.status_code == 302
    db.session.refresh(membership)
    assert membership.status == MEMBERSHIP_APPROVED and membership.decided_by_id == officer.id
    assert [m["To"] for m in smtp_server] == ["priya@acme.example.org"]
    assert "approved" in body(smtp_server[0])
    login(provider)
    response = client.post("/providers/listings/new", data={"organisation": str(org.id), "name": "Speech Club"})
    assert response.status_code == 302


def test_refusing_needs_a_reason_which_is_emailed(client, make_organisation, make_user, login, smtp_server):
    org = make_organisation("Acme Therapies")
    claim(client, org)
    membership = membership_of("priya@acme.example.org")
    login(make_user("officer@council.example.org", roles=("officer",)))
    smtp_server.clear()

    response = client.post(f"/providers/memberships/{membership.id}/refuse", data={"reason": "  "})
    assert response.status_code == 200
    assert "Enter the reason" in response.get_data(as_text=True)
    db.session.refresh(membership)
    assert membership.status == MEMBERSHIP_PENDING and not smtp_server

    response = client.post(f"/providers/memberships/{membership.id}/refuse",
                           data={"reason": "We could not confirm you work at Acme."})
    assert response.status_code == 302
    db.session.refresh(membership)
    assert membership.status == MEMBERSHIP_REFUSED
    assert [m["To"] for m in smtp_server] == ["priya@acme.example.org"]
    assert "We could not confirm you work at Acme." in body(smtp_server[0])
    # Decided once only.
    assert client.post(f"/providers/memberships/{membership.id}/approve").status_code == 404


def test_a_pending_member_cannot_edit_their_organisations_listings(client, make_organisation, make_service,
                                                                  make_user, login):
    org = make_organisation("Acme Therapies")
    service = make_service("Acme Speech Clinic", organisation=org)
    claim(client, org)  # signed in as the pending member
    assert client.get(f"/providers/listings/{service.id}").status_code == 404
    assert client.get(f"/providers/listings/{service.id}/about").status_code == 404
    response = client.post(f"/providers/listings/{service.id}/about", data={"name": "Hijacked"})
    assert response.status_code == 404
    assert client.post("/providers/listings/new", data={"organisation": str(org.id), "name": "X"}).status_code == 200
    dashboard = client.get("/providers/").get_data(as_text=True)
    assert "waiting for approval" in dashboard and "Acme Speech Clinic" not in dashboard
    db.session.refresh(service)
    assert service.name == "Acme Speech Clinic"


def test_providers_and_forum_members_cannot_decide_memberships(client, make_organisation, make_user, login):
    org = make_organisation("Acme Therapies")
    claim(client, org)
    membership = membership_of("priya@acme.example.org")
    for roles in (("provider",), ("forum_member",)):
        login(make_user(roles=roles, organisations=[org]))
        assert client.get("/providers/memberships").status_code == 403
        assert client.post(f"/providers/memberships/{membership.id}/approve").status_code == 403
        assert client.post(f"/providers/memberships/{membership.id}/refuse", data={"reason": "x"}).status_code == 403
    db.session.refresh(membership)
    assert membership.status == MEMBERSHIP_PENDING


# ---------------------------------------------------------------------------------------------------------
# Invitations
# ---------------------------------------------------------------------------------------------------------

def invite(client, org, email="colleague@acme.example.org"):
    return client.post(f"/providers/organisations/{org.id}/invite", data={"email": email})


def invitation_link(message) -> str:
    match = re.search(r"http://localhost(/providers/invitation/\S+)", body(message))
    assert match, body(message)
    return match.group(1)


def test_an_invited_colleague_creates_an_account_and_is_approved_at_once(
        client, make_organisation, make_user, login, smtp_server):
    org = make_organisation("Acme Therapies")
    inviter = login(make_user("lead@acme.example.org", roles=("provider",), organisations=[org], name="Lee Lead"))
    response = invite(client, org, "Colleague@Acme.example.org ")
    assert response.status_code == 302
    assert [m["To"] for m in smtp_server] == ["colleague@acme.example.org"]
    link = invitation_link(smtp_server[0])

    with client.session_transaction() as session:
        session.clear()
    page = client.get(link)
    assert page.status_code == 200 and "Lee Lead" in page.get_data(as_text=True)
    response = client.post(link, data={"name": "Cole League", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/providers/")
    colleague = user_by_email("colleague@acme.example.org")
    membership = membership_of("colleague@acme.example.org")
    assert membership.status == MEMBERSHIP_APPROVED and membership.decided_by_id == inviter.id
    assert "provider" in colleague.roles
    assert client.get("/providers/listings/new").status_code == 200
    assert "Acme Therapies" in client.get("/providers/").get_data(as_text=True)


def test_a_signed_in_invitee_just_accepts(client, make_organisation, make_user, login, smtp_server):
    acme, other = make_organisation("Acme Therapies"), make_organisation("Other Org")
    login(make_user("lead@acme.example.org", roles=("provider",), organisations=[acme]))
    invite(client, acme, "existing@example.org")
    link = invitation_link(smtp_server[-1])
    existing = make_user("existing@example.org", roles=("provider",), organisations=[other])

    with client.session_transaction() as session:
        session.clear()
    page = client.get(link).get_data(as_text=True)
    assert "Sign in to accept" in page  # anonymous, but the account exists

    stranger = login(make_user("stranger@example.org", roles=("provider",)))
    page = client.get(link).get_data(as_text=True)
    assert "This invitation is for existing@example.org" in page
    client.post(link)
    assert memberships.memberships_of(stranger) == []

    login(existing)
    assert client.post(link).status_code == 302
    assert acme.id in {m.organisation_id for m in memberships.memberships_of(existing, MEMBERSHIP_APPROVED)}


def test_an_expired_invitation_says_so_clearly(client, make_organisation, make_user, login, smtp_server):
    org = make_organisation("Acme Therapies")
    login(make_user("lead@acme.example.org", roles=("provider",), organisations=[org]))
    invite(client, org)
    sent = datetime.now(timezone.utc)
    link = invitation_link(smtp_server[0])
    with client.session_transaction() as session:
        session.clear()
    with time_machine.travel(sent + timedelta(days=6, hours=23), tick=False):
        assert client.get(link).status_code == 200
    with time_machine.travel(sent + timedelta(days=7, minutes=1), tick=False):
        response = client.get(link)
        assert response.status_code == 400
        assert "This invitation link does not work" in response.get_data(as_text=True)
        response = client.post(link, data={"name": "Late", "password": PASSWORD})
        assert response.status_code == 400
    assert user_by_email("colleague@acme.example.org") is None


def test_a_tampered_or_foreign_invitation_is_refused(client, make_organisation, make_user, app):
    org = make_organisation("Acme Therapies")
    lead = make_user("lead@acme.example.org", roles=("provider",), organisations=[org])
    good = signed_token("invitation", {"org": str(org.id), "email": "x@example.org", "by": lead.id})
    assert client.get(f"/providers/invitation/{good}").status_code == 200
    assert client.get(f"/providers/invitation/{good[:-2]}xx").status_code == 400
    # Signed for another purpose, or by someone who is not a member: refused.
    reset_style = signed_token("password-reset", {"org": str(org.id), "email": "x@example.org", "by": lead.id})
    assert client.get(f"/providers/invitation/{reset_style}").status_code == 400
    outsider = make_user("outsider@example.org", roles=("provider",))
    forged = signed_token("invitation", {"org": str(org.id), "email": "x@example.org", "by": outsider.id})
    assert client.get(f"/providers/invitation/{forged}").status_code == 400


def test_only_members_can_invite_to_an_organisation(client, make_organisation, make_user, login, smtp_server):
    acme, other = make_organisation("Acme Therapies"), make_organisation("Other Org")
    login(make_user(roles=("provider",), organisations=[other]))
    assert client.get(f"/providers/organisations/{acme.id}/invite").status_code == 404
    assert invite(client, acme).status_code == 404
    assert not smtp_server
    login(make_user(roles=("forum_member",)))
    assert client.get(f"/providers/organisations/{acme.id}/invite").status_code == 403
    assert invite(client, acme).status_code == 403
    assert not smtp_server


def test_invite_form_checks_the_address(client, make_organisation, make_user, login, smtp_server):
    org = make_organisation("Acme Therapies")
    member = login(make_user("lead@acme.example.org", roles=("provider",), organisations=[org]))
    html = invite(client, org, "not an email").get_data(as_text=True)
    assert "Enter an email address in the correct format" in html and 'value="not an email"' in html
    html = invite(client, org, member.email).get_data(as_text=True)
    assert "already a member" in html
    assert not smtp_server
