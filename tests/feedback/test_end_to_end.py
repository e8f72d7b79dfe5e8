"""The co-production loop end to end, through the pages: raise → acknowledge → respond → link to an
action → publish "You said, we did" → the raiser is told (on the site and by a real email)."""
from sqlalchemy import select

from feedback import plan_services
from feedback.models import ActionPlan, FeedbackItem, Notification, YouSaidWeDid
from portal.extensions import db


def test_raise_to_you_said_we_did(app, make_user, smtp_server):
    raiser = make_user("parent@example.org", roles=("forum_member",))
    officer = make_user("officer@example.org", roles=("officer",))
    plan = plan_services.create_plan(officer, "SEND Local Area Action Plan 2022-25")
    priority = plan_services.add_priority(officer, plan, "5", "Improve the Local Offer")
    action = plan_services.add_action(officer, priority, ref="5.1.7", description="Publish You said, we did",
                                      lead="Local Offer manager")

    family = app.test_client()
    with family.session_transaction() as session:
        session.update(_user_id=raiser.get_id(), _fresh=True)
    response = family.post("/feedback/new", data={
        "title": "No short breaks for over-11s", "body": "The directory lists nothing for older children.",
        "would_help": "List the youth clubs.", "theme": "short-breaks", "service": "", "may_be_public": "yes"})
    assert response.status_code == 302
    item = db.session.scalar(select(FeedbackItem))

    team = app.test_client()
    with team.session_transaction() as session:
        session.update(_user_id=officer.get_id(), _fresh=True)
    for state, extra in (("acknowledged", {}), ("in_review", {}),
                         ("responded", {"text": "We are adding youth clubs to the short breaks area."})):
        response = team.post(f"/feedback/triage/{item.id}/move", data={"to": state, **extra})
        assert response.status_code == 302, state
    response = team.post(f"/plan/actions/{action.id}/items", data={"item": str(item.id), "item_number": ""})
    assert response.status_code == 302
    response = team.post("/plan/you-said-we-did/new", data={
        "theme": "short-breaks", "you_said": "Short breaks for older children are hard to find",
        "people_count": "", "channel": "", "we_did": "We listed youth clubs as short breaks",
        "decided_by": "SEND Programme Board", "decided_on-day": "12", "decided_on-month": "2",
        "decided_on-year": "2026", "outcome": "we_did", "items": [str(item.id)], "actions": [str(action.id)]})
    assert response.status_code == 302
    entry = db.session.scalar(select(YouSaidWeDid))
    assert team.post(f"/plan/you-said-we-did/{entry.id}/publish").status_code == 302

    # The raiser was told at each step, and finally about the published entry, on the site and by email.
    db.session.expire_all()
    messages = [n.message for n in db.session.scalars(select(Notification).where(Notification.user_id == raiser.id))]
    assert len(messages) >= 4
    assert any("published what we did" in m for m in messages), messages
    to_raiser = [m for m in smtp_server if m["To"] == "parent@example.org"]
    assert any(f"/you-said-we-did/{entry.id}" in m.get_payload(decode=True).decode() for m in to_raiser)
    page = family.get(f"/you-said-we-did/{entry.id}").get_data(as_text=True)
    assert "We listed youth clubs as short breaks" in page
    assert "5.1.7" in family.get("/action-plan").get_data(as_text=True)
    assert db.session.get(ActionPlan, plan.id).priorities[0].actions[0].items[0].id == item.id
