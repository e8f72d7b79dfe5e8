"""Who may reach every feedback route: anonymous visitors, the forum member who raised the items (A), another
forum member (B), a provider and an officer. A new feedback.* endpoint must be added to the matrix."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from feedback import services
from feedback.models import (FeedbackFollow, FeedbackItem, FeedbackSupport, FeedbackUpdate, Notification, Redaction,
                             ResponseTemplate)
from portal.extensions import db
from portal.models import AuditEntry, User

OK, SIGN_IN, FORBIDDEN, NOT_FOUND = "ok", "sign in", 403, 404
USERS = ("anonymous", "member_a", "member_b", "provider", "officer")


@dataclass
class World:
    member_a: User
    member_b: User
    provider: User
    officer: User
    private: FeedbackItem  # A's, not to be shown
    public: FeedbackItem  # A's, shown publicly
    pending: FeedbackItem  # A's, may be shown, not yet checked
    template: ResponseTemplate


@pytest.fixture
def world(app, make_user) -> World:
    member_a = make_user("a@example.org", roles=("forum_member",), name="Alex Raiser")
    member_b = make_user("b@example.org", roles=("forum_member",), name="Bo Other")
    provider = make_user("p@example.org", roles=("provider",))
    officer = make_user("o@example.org", roles=("officer",))
    common = {"body": "Words.", "would_help": "", "theme": "health"}
    private = services.raise_item(member_a, title="Private worry", may_be_public=False, **common)
    public = services.raise_item(member_a, title="Public idea", may_be_public=True, **common)
    pending = services.raise_item(member_a, title="Pending check", may_be_public=True, **common)
    services.show_publicly(officer, public)
    template = services.create_template(officer, "Thanks", "Thank you for telling us.")
    db.session.commit()
    return World(member_a, member_b, provider, officer, private, public, pending, template)


FORUM_ONLY = {"anonymous": SIGN_IN, "member_a": OK, "member_b": OK, "provider": FORBIDDEN, "officer": FORBIDDEN}
FORUM_ONLY_PRIVATE = {**FORUM_ONLY, "member_b": NOT_FOUND}
OFFICER_ONLY = {"anonymous": SIGN_IN, "member_a": FORBIDDEN, "member_b": FORBIDDEN, "provider": FORBIDDEN,
                "officer": OK}
EVERYONE = {user: OK for user in USERS}
SIGNED_IN = {**EVERYONE, "anonymous": SIGN_IN}
PRIVATE_PAGE = {"anonymous": NOT_FOUND, "member_a": OK, "member_b": NOT_FOUND, "provider": NOT_FOUND,
                "officer": OK}


def routes(w: World) -> list[tuple[str, str, str, dict, dict]]:
    """(endpoint, method, path, form data, expected result per user), in an order an officer can follow."""
    private, public, pending, t = w.private.id, w.public.id, w.pending.id, w.template.id
    new_item = {"title": "Another", "body": "Words.", "theme": "other", "service": "", "may_be_public": "no"}
    return [
        ("feedback.new", "GET", "/feedback/new", {}, FORUM_ONLY),
        ("feedback.new", "POST", "/feedback/new", new_item, FORUM_ONLY),
        ("feedback.mine", "GET", "/feedback/mine", {}, FORUM_ONLY),
        ("feedback.item", "GET", f"/feedback/items/{private}", {}, PRIVATE_PAGE),
        ("feedback.item", "GET", f"/feedback/items/{public}", {}, EVERYONE),
        ("feedback.public", "GET", "/feedback/public", {}, EVERYONE),
        ("feedback.performance", "GET", "/feedback/performance", {}, EVERYONE),
        ("feedback.notifications", "GET", "/feedback/notifications", {}, SIGNED_IN),
        ("feedback.support", "POST", f"/feedback/items/{public}/support", {}, FORUM_ONLY),
        ("feedback.support", "POST", f"/feedback/items/{private}/support", {}, FORUM_ONLY_PRIVATE),
        ("feedback.follow", "POST", f"/feedback/items/{public}/follow", {}, FORUM_ONLY),
        ("feedback.follow", "POST", f"/feedback/items/{private}/follow", {}, FORUM_ONLY_PRIVATE),
        ("feedback.unfollow", "POST", f"/feedback/items/{public}/unfollow", {}, FORUM_ONLY),
        ("feedback.unfollow", "POST", f"/feedback/items/{private}/unfollow", {}, FORUM_ONLY_PRIVATE),
        ("feedback.triage", "GET", "/feedback/triage?view=overdue", {}, OFFICER_ONLY),
        ("feedback.triage", "GET", "/feedback/triage", {}, OFFICER_ONLY),
        ("feedback.triage_item", "GET", f"/feedback/triage/{private}?template={t}", {}, OFFICER_ONLY),
        ("feedback.move", "POST", f"/feedback/triage/{private}/move", {"to": "acknowledged", "text": "Hi."},
         OFFICER_ONLY),
        ("feedback.add_update", "POST", f"/feedback/triage/{private}/updates", {"text": "Update."}, OFFICER_ONLY),
        ("feedback.add_note", "POST", f"/feedback/triage/{private}/notes", {"text": "Note."}, OFFICER_ONLY),
        ("feedback.publication", "GET", f"/feedback/triage/{pending}/public", {}, OFFICER_ONLY),
        ("feedback.redact", "POST", f"/feedback/triage/{pending}/redact",
         {"title": "Pending check", "body": "Other words.", "would_help": "", "reason": "Tidy"}, OFFICER_ONLY),
        ("feedback.show", "POST", f"/feedback/triage/{pending}/show", {"checked": "y"}, OFFICER_ONLY),
        ("feedback.hide", "POST", f"/feedback/triage/{pending}/hide", {}, OFFICER_ONLY),
        ("feedback.templates", "GET", "/feedback/templates", {}, OFFICER_ONLY),
        ("feedback.new_template", "GET", "/feedback/templates/new", {}, OFFICER_ONLY),
        ("feedback.new_template", "POST", "/feedback/templates/new", {"title": "New", "body": "Words."},
         OFFICER_ONLY),
        ("feedback.edit_template", "GET", f"/feedback/templates/{t}/edit", {}, OFFICER_ONLY),
        ("feedback.edit_template", "POST", f"/feedback/templates/{t}/edit", {"title": "Thanks!", "body": "Ta."},
         OFFICER_ONLY),
        ("feedback.delete_template", "GET", f"/feedback/templates/{t}/delete", {}, OFFICER_ONLY),
        ("feedback.delete_template", "POST", f"/feedback/templates/{t}/delete", {}, OFFICER_ONLY),
        ("feedback.insight_page", "GET", "/feedback/insight?view=year", {}, OFFICER_ONLY),
        ("feedback.insight_csv", "GET", "/feedback/insight.csv?table=top", {}, OFFICER_ONLY),
        ("feedback.merge", "POST", f"/feedback/triage/{pending}/merge", {"into": str(public)}, OFFICER_ONLY),
    ]


def call(client, method, path, data):
    return client.get(path) if method == "GET" else client.post(path, data=data)


def state() -> dict:
    """Everything a stray request could change."""
    db.session.expire_all()
    items = db.session.scalars(select(FeedbackItem).order_by(FeedbackItem.id)).all()
    return {
        "items": [(i.id, i.title, i.body, i.status, i.shown_publicly, i.merged_into_id) for i in items],
        "supports": db.session.scalars(select(FeedbackSupport.user_id).order_by(FeedbackSupport.id)).all(),
        "follows": db.session.scalars(select(FeedbackFollow.user_id).order_by(FeedbackFollow.id)).all(),
        "updates": db.session.scalar(select(func.count()).select_from(FeedbackUpdate)),
        "redactions": db.session.scalar(select(func.count()).select_from(Redaction)),
        "templates": [(t.title, t.body) for t in db.session.scalars(select(ResponseTemplate))],
        "notifications": db.session.scalar(select(func.count()).select_from(Notification)),
        "audit": db.session.scalar(select(func.count()).select_from(AuditEntry)),
    }


def test_every_feedback_route_is_in_the_access_matrix(app, world):
    registered = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("feedback.")}
    assert registered == {endpoint for endpoint, *_ in routes(world)}
    methods = {(rule.endpoint, method) for rule in app.url_map.iter_rules() if rule.endpoint.startswith("feedback.")
               for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert methods == {(endpoint, method) for endpoint, method, *_ in routes(world)}


@pytest.mark.parametrize("who", USERS)
def test_the_access_matrix(client, login, world, who):
    if who != "anonymous":
        login(getattr(world, who))
    before = state()
    private_before = (world.private.status, services.support_count(world.private))
    for endpoint, method, path, data, expected in routes(world):
        response = call(client, method, path, data)
        want = expected[who]
        where = (who, method, path)
        if want == OK:
            assert response.status_code in (200, 302), (where, response.status_code,
                                                        response.get_data(as_text=True)[:300])
            if response.status_code == 302:
                assert not response.headers["Location"].startswith("/sign-in"), where
        elif want == SIGN_IN:
            assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in"), where
        else:
            assert response.status_code == want, (where, response.status_code)
    if who in ("anonymous", "provider"):
        assert state() == before
    if who == "member_b":
        db.session.expire_all()
        assert (world.private.status, services.support_count(world.private)) == private_before
        assert not services.is_following(world.member_b, world.private)
        assert "Private worry" not in client.get("/feedback/mine").get_data(as_text=True)
    if who == "officer":  # the officer's writes really happened
        db.session.expire_all()
        assert world.private.status == "acknowledged"
        assert world.pending.merged_into_id == world.public.id and world.pending.body == "Other words."
        assert db.session.get(ResponseTemplate, world.template.id) is None


@pytest.mark.parametrize("who", ["member_a", "member_b", "provider", "officer", "anonymous"])
def test_every_page_has_one_h1_and_csrf_in_every_post_form(client, login, world, who):
    if who != "anonymous":
        login(getattr(world, who))
    for endpoint, method, path, data, expected in routes(world):
        if method != "GET" or endpoint == "feedback.insight_csv":
            continue
        response = client.get(path)
        if response.status_code != 200:
            continue
        html = response.get_data(as_text=True)
        assert len(re.findall(r"<h1\b", html)) == 1, (who, path)
        for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", html, re.S | re.I):
            assert 'name="csrf_token"' in form, (who, path, form[:200])


def test_posts_without_a_csrf_token_are_refused(app, client, login, world):
    app.config["WTF_CSRF_ENABLED"] = True
    login(world.member_b)
    assert client.post(f"/feedback/items/{world.public.id}/support").status_code == 400
    login(world.officer)
    assert client.post(f"/feedback/triage/{world.private.id}/move", data={"to": "acknowledged"}).status_code == 400
    db.session.expire_all()
    assert world.private.status == "submitted" and services.support_count(world.public) == 0
