"""Who may use each page of the action plan and "You said, we did": every plan.* route, for anonymous readers,
forum members, providers and officers. A new plan.* route fails the first test until it is in the matrix."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from feedback import plan_import, plan_services
from feedback import you_said_we_did as yswd
from feedback.models import FeedbackItem
from portal.extensions import db

CSV = b"Ref,Action,Status\n1.1,Publish waiting times,Green\n"


@dataclass
class Route:
    endpoint: str
    method: str
    url: str  # formatted with the world's ids
    officer: int  # the status an officer gets
    data: dict | None = None
    public: bool = False  # everyone gets 200


def _action_data(priority: str, ref: str) -> dict:
    return {"priority": priority, "ref": ref, "description": "An action", "lead": "", "partners": "", "measure": "",
            "evidence": "", "status": "green", "note": ""}


def _entry_data() -> dict:
    return {"theme": "health", "you_said": "Said", "we_did": "Did", "decided_by": "Board", "decided_on-day": "1",
            "decided_on-month": "2", "decided_on-year": "2025", "outcome": "we_did", "people_count": "",
            "channel": ""}


def _upload_body() -> tuple[str, bytes]:
    return encode_multipart(MultiDict({"file": FileStorage(io.BytesIO(CSV), "plan.csv"), "plan": "new",
                                       "plan_title": "Uploaded"}))


ROUTES = [
    # Public pages.
    Route("plan.public_plan", "GET", "/action-plan", 200, public=True),
    Route("plan.public_action", "GET", "/action-plan/actions/{action}", 200, public=True),
    Route("plan.you_said_we_did", "GET", "/you-said-we-did", 200, public=True),
    Route("plan.public_entry", "GET", "/you-said-we-did/{published}", 200, public=True),
    Route("plan.report", "GET", "/you-said-we-did/report?year=2024", 200, public=True),
    # Officers: the plan.
    Route("plan.plans", "GET", "/plan/", 200),
    Route("plan.new_plan", "GET", "/plan/new", 200),
    Route("plan.new_plan", "POST", "/plan/new", 302, {"title": "A new plan", "description": ""}),
    Route("plan.plan", "GET", "/plan/{plan}", 200),
    Route("plan.edit_plan", "GET", "/plan/{plan}/edit", 200),
    Route("plan.edit_plan", "POST", "/plan/{plan}/edit", 302, {"title": "Renamed", "description": ""}),
    Route("plan.new_priority", "GET", "/plan/{plan}/priorities/new", 200),
    Route("plan.new_priority", "POST", "/plan/{plan}/priorities/new", 302, {"ref": "9", "title": "More"}),
    Route("plan.edit_priority", "GET", "/plan/priorities/{priority}/edit", 200),
    Route("plan.edit_priority", "POST", "/plan/priorities/{priority}/edit", 302, {"ref": "1", "title": "Renamed"}),
    Route("plan.new_action", "GET", "/plan/{plan}/actions/new", 200),
    Route("plan.new_action", "POST", "/plan/{plan}/actions/new", 302, {"@action": "1.9"}),
    Route("plan.action", "GET", "/plan/actions/{action}", 200),
    Route("plan.edit_action", "GET", "/plan/actions/{action}/edit", 200),
    Route("plan.edit_action", "POST", "/plan/actions/{action}/edit", 302, {"@action": "1.1"}),
    Route("plan.update_progress", "POST", "/plan/actions/{action}/progress", 302, {"status": "amber", "note": "Late"}),
    Route("plan.link_item", "POST", "/plan/actions/{action}/items", 302, {"item": "{item}", "item_number": ""}),
    Route("plan.unlink_item", "POST", "/plan/actions/{action}/items/{item}/unlink", 302, {}),
    Route("plan.delete_action", "GET", "/plan/actions/{doomed_action}/delete", 200),
    Route("plan.delete_action", "POST", "/plan/actions/{doomed_action}/delete", 302, {}),
    Route("plan.export_csv", "GET", "/plan/{plan}/export.csv", 200),
    Route("plan.export_xlsx", "GET", "/plan/{plan}/export.xlsx", 200),
    # Officers: importing.
    Route("plan.import_upload", "GET", "/plan/import", 200),
    Route("plan.import_upload", "POST", "/plan/import", 302, {"@upload": True}),
    Route("plan.import_preview", "GET", "/plan/import/{token}", 200),
    Route("plan.import_commit", "POST", "/plan/import/{token}", 302, {}),
    Route("plan.import_cancel", "POST", "/plan/import/{other_token}/cancel", 302, {}),
    # Officers: You said, we did.
    Route("plan.entries", "GET", "/plan/you-said-we-did/", 200),
    Route("plan.new_entry", "GET", "/plan/you-said-we-did/new", 200),
    Route("plan.new_entry", "POST", "/plan/you-said-we-did/new", 302, {"@entry": True}),
    Route("plan.entry", "GET", "/plan/you-said-we-did/{draft}", 200),
    Route("plan.edit_entry", "GET", "/plan/you-said-we-did/{draft}/edit", 200),
    Route("plan.edit_entry", "POST", "/plan/you-said-we-did/{draft}/edit", 302, {"@entry": True}),
    Route("plan.publish_entry", "POST", "/plan/you-said-we-did/{draft}/publish", 302, {}),
    Route("plan.unpublish_entry", "POST", "/plan/you-said-we-did/{published}/unpublish", 302, {}),
    Route("plan.delete_entry", "GET", "/plan/you-said-we-did/{doomed_entry}/delete", 200),
    Route("plan.delete_entry", "POST", "/plan/you-said-we-did/{doomed_entry}/delete", 302, {}),
]


@pytest.fixture
def accounts(make_user, make_organisation):
    return {
        "officer": make_user("officer@example.org", roles=("officer",)),
        "forum_member": make_user("forum@example.org", roles=("forum_member",)),
        "provider": make_user("provider@example.org", roles=("provider",), organisations=[make_organisation()]),
    }


@pytest.fixture
def world(app, accounts):
    """One of everything the routes need, and upload tokens belonging to the officer."""
    plan = plan_services.create_plan(None, "SEND plan")
    priority = plan_services.add_priority(None, plan, "1", "Identifying needs early")
    action = plan_services.add_action(None, priority, ref="1.1", description="Data sharing", due_on=date(2019, 7, 31))
    doomed_action = plan_services.add_action(None, priority, ref="1.2", description="To be deleted")
    item = FeedbackItem(title="An issue", body="Body", theme="health")
    db.session.add(item)
    db.session.commit()
    entry_fields = dict(theme="health", you_said="Said", we_did="Did", decided_by="Board", decided_on=date(2025, 1, 1),
                        outcome="we_did")
    draft = yswd.create_entry(None, **entry_fields)
    published = yswd.create_entry(None, **entry_fields)
    yswd.publish_entry(None, published)
    doomed_entry = yswd.create_entry(None, **entry_fields)
    owner = {"user_id": accounts["officer"].id, "plan_id": None, "plan_title": "Imported", "filename": "plan.csv"}
    return {"plan": plan.id, "priority": priority.id, "action": action.id, "doomed_action": doomed_action.id,
            "item": item.id, "draft": draft.id, "published": published.id, "doomed_entry": doomed_entry.id,
            "token": plan_import.save_upload(app.instance_path, CSV, owner),
            "other_token": plan_import.save_upload(app.instance_path, CSV, owner)}


def send(client, route: Route, world: dict):
    url = route.url.format(**world)
    if route.method == "GET":
        return client.get(url)
    data = {key: value.format(**world) if isinstance(value, str) else value
            for key, value in (route.data or {}).items()}
    if "@upload" in data:
        boundary, body = _upload_body()
        return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
    if "@action" in data:
        data = _action_data(str(world["priority"]), data["@action"])
    if "@entry" in data:
        data = _entry_data()
    return client.post(url, data=data)


def test_every_plan_route_is_in_the_matrix(app):
    served = {(rule.endpoint, method) for rule in app.url_map.iter_rules() if rule.endpoint.startswith("plan.")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    listed = {(route.endpoint, route.method) for route in ROUTES}
    assert served - listed == set(), "add these routes to ROUTES with who may use them"
    assert listed - served == set(), "these routes are listed but not served"


def test_anonymous_readers_see_public_pages_and_are_sent_to_sign_in(client, world):
    wrong = []
    for route in ROUTES:
        response = send(client, route, world)
        if route.public:
            ok = response.status_code == 200
        else:
            ok = response.status_code == 302 and response.headers["Location"].startswith("/sign-in")
        if not ok:
            wrong.append((route.endpoint, route.method, response.status_code, response.headers.get("Location")))
    assert wrong == []


@pytest.mark.parametrize("role", ["forum_member", "provider"])
def test_forum_members_and_providers_are_refused_officer_pages(client, login, accounts, world, role):
    login(accounts[role])
    wrong = []
    for route in ROUTES:
        response = send(client, route, world)
        expected = 200 if route.public else 403
        if response.status_code != expected:
            wrong.append((route.endpoint, route.method, response.status_code))
    assert wrong == []


def test_officers_use_every_page(client, login, accounts, world):
    login(accounts["officer"])
    wrong = []
    for route in ROUTES:
        response = send(client, route, world)
        if response.status_code != route.officer or (
                response.status_code == 302 and response.headers["Location"].startswith("/sign-in")):
            wrong.append((route.endpoint, route.method, response.status_code))
    assert wrong == []


def test_admins_are_officers_too(client, login, make_user, world):
    login(make_user("admin@example.org", roles=("admin",)))
    assert client.get("/plan/").status_code == 200
    assert client.get(f"/plan/actions/{world['action']}").status_code == 200
