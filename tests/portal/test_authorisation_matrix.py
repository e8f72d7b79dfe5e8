"""Who may do what, for the whole app: every rule in `app.url_map`, every method, every kind of person.

How to read it:
- ACCESS (below) has one line per endpoint: the rule that guards it ("public", "signed_in", "forum",
  "officer", "provider_own_org", ...), the world records its URL is built from, and, for a POST, form data
  that would change something if the guard let the request through.
- RULES says what each rule means for each of the seven people: the page is ALLOWED (a page, a redirect,
  or a form shown again with errors: anything but a refusal or a crash), they are sent to SIGN_IN, or
  refused with 403 or 404 (404 where even saying "this exists" would tell too much).
- Every refused request is checked to have changed nothing: the database, the pending session and the
  instance folder are the same after it as before.

A NEW ROUTE WITH NO LINE IN ACCESS FAILS test_every_route_has_a_line_in_the_access_table, which names it.
Add a line saying who may use it (and, for a POST, data that would really change something).
"""
from __future__ import annotations

import ast
import io
import os
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

import pytest
from flask import url_for
from werkzeug.exceptions import MethodNotAllowed

from directory import listings, memberships, problems
from directory.api.serializers import service_at_location_id, taxonomy_id
from directory.models import CATEGORY, MEMBERSHIP_PENDING, Location, Membership, TaxonomyTerm
from feedback import plan_import, plan_services
from feedback import services as feedback_services
from feedback import you_said_we_did as yswd
from portal.extensions import db
from portal.models import ADMIN, FORUM_MEMBER, OFFICER, PROVIDER, AuditEntry, OutboxMessage
from portal.services import password_reset_token

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a different long passphrase"
PLAN_CSV = b"Ref,Action,Status\n1.1,Publish waiting times,Green\n"

# The people. "A" and "B" are two provider organisations; forum member 1 raised the feedback items.
ROLES = ("anonymous", "provider_a", "provider_b", "forum_1", "forum_2", "officer", "admin")

ALLOWED, SIGN_IN, FORBIDDEN, NOT_FOUND = "allowed", "sign in", 403, 404
# The form itself refuses: an organisation that is not one of the choices is a validation error (200 or 400).
FORM_REFUSES = "form refuses"
A, S, F, N, R = ALLOWED, SIGN_IN, FORBIDDEN, NOT_FOUND, FORM_REFUSES

RULES: dict[str, dict[str, object]] = {name: dict(zip(ROLES, outcomes)) for name, outcomes in {
    #                          anonymous provider_a provider_b forum_1 forum_2 officer admin
    "public":                 (A,        A,         A,         A,      A,      A,      A),
    "signed_in":              (S,        A,         A,         A,      A,      A,      A),
    # Anyone signed in but the Local Offer team (deleting your own account: officers ask an admin).
    "not_staff":              (S,        A,         A,         A,      A,      F,      F),
    # Forum members only (admins are not forum members unless given the role).
    "forum":                  (S,        F,         F,         A,      A,      F,      F),
    # Acting on forum member 1's private item: another member must not learn it exists.
    "forum_own_private_item": (S,        F,         F,         A,      N,      F,      F),
    # Reading forum member 1's private item: the raiser and officers; nobody else learns it exists.
    "private_item_readers":   (N,        N,         N,         A,      N,      A,      A),
    # Providers of any organisation, and officers.
    "provider":               (S,        A,         A,         F,      F,      A,      A),
    # Organisation A's records: A's providers and officers; B's provider is told it does not exist.
    "provider_own_org":       (S,        A,         N,         F,      F,      A,      A),
    # Starting a listing for organisation A: B's provider is not offered A, so the form refuses it.
    "provider_choosing_own_org": (S,     A,         R,         F,      F,      A,      A),
    # Officers (and admins, who hold every officer power).
    "officer":                (S,        F,         F,         F,      F,      A,      A),
    # A file the officer uploaded: even another officer (here the admin) cannot open it.
    "officer_own_upload":     (S,        F,         F,         F,      F,      A,      N),
    # The read-only ORUK API: unknown paths are 404 and writes 405, for everyone, in JSON.
    "api_unknown_path":       (N,        N,         N,         N,      N,      N,      N),
    "api_read_only":          (405,      405,       405,       405,    405,    405,    405),
}.items()}

Data = dict | Callable[[dict], dict] | None


@dataclass(frozen=True)
class Access:
    rule: str  # a key of RULES, for every method of the endpoint
    args: dict = field(default_factory=dict)  # URL argument -> world key (or a literal, for "=text")
    data: Data = None  # form data for POST etc.; "{key}" is filled in from the world
    query: str = ""  # appended to the URL, e.g. "?year=2024"
    post_rule: str | None = None  # when a POST is guarded differently from the GET
    other_methods_rule: str | None = None  # PUT/PATCH/DELETE, where the API refuses them
    last: bool = False  # its POST ends the person's session for good (deleting the account): run it last


def _action_form(world: dict) -> dict:
    return {"priority": str(world["priority"]), "ref": "1.9", "description": "An action", "lead": "",
            "partners": "", "measure": "", "evidence": "", "status": "green", "note": ""}


def _entry_form(world: dict) -> dict:
    return {"theme": "health", "you_said": "Said", "we_did": "Did", "decided_by": "Board", "decided_on-day": "1",
            "decided_on-month": "2", "decided_on-year": "2025", "outcome": "we_did", "people_count": "",
            "channel": ""}


def _translation_upload_form(world: dict) -> dict:
    return {"file": (io.BytesIO(_translation_csv(world["published"])), "tr.csv")}


def _translation_csv(service_id) -> bytes:
    return f"id,language,translation\nservice/{service_id}/name,tr,Acme Konuşma Kliniği\n".encode()


def _upload_form(world: dict) -> dict:
    return {"file": (io.BytesIO(PLAN_CSV), "plan.csv"), "plan": "new", "plan_title": "Uploaded"}


LISTING = {"service_id": "published"}
WAITING = {"service_id": "waiting"}
PRIVATE_ITEM, PENDING_ITEM = {"item_id": "private_item"}, {"item_id": "pending_item"}
NEW_ITEM = {"title": "Another", "body": "Words.", "theme": "other", "service": "", "may_be_public": "no"}

ACCESS: dict[str, Access] = {
    # --- site-wide pages and accounts (portal) ---------------------------------------------------------
    "static": Access("public", {"filename": "=src/images/favicon.svg"}),
    "portal.accessibility": Access("public"),
    "portal.about": Access("public"),
    "portal.privacy": Access("public"),
    "portal.sign_in": Access("public", data={"email": "nobody@example.org", "password": "wrong password!"}),
    "portal.sign_out": Access("public"),
    "portal.forgotten_password": Access("public", data={"email": "nobody@example.org"}),
    "portal.reset_link_sent": Access("public"),
    # Whoever holds a reset link may use it (the link is the secret).
    "portal.reset_password": Access("public", {"token": "reset_token"}),
    "portal.account": Access("signed_in"),
    "portal.change_password": Access("signed_in", data={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}),
    # Your own data: no route takes a user id, so each person only ever reaches their own.
    "account.data": Access("signed_in"),
    "account.download": Access("signed_in"),
    # The right password, so a guard that let staff through would really delete; run last, because for
    # forum members and providers it does delete, which takes the person out of the rest of the run.
    "account.delete": Access("signed_in", data={"password": PASSWORD}, post_rule="not_staff", last=True),
    "account.deleted": Access("public"),
    "portal.outbox": Access("officer"),
    "portal.outbox_message": Access("officer", {"message_id": "outbox_message"}),
    # The audit log: officers read it; nothing in the app writes to it but the changes it records.
    "audit.log": Access("officer"),
    "audit.download": Access("officer"),
    "audit.entry": Access("officer", {"entry_id": "audit_entry"}),
    "portal.about_translations": Access("public"),
    "portal.translation_report_queue": Access("officer"),
    "portal.translation_report_done": Access("officer", {"report_id": "translation_report"}),

    # --- the public directory ---------------------------------------------------------------------------
    "directory.home": Access("public"),
    "directory.search": Access("public", query="?q=speech"),
    "directory.search_csv": Access("public", query="?q=speech"),
    "directory.service": Access("public", LISTING),
    "directory.report_problem": Access("public", LISTING, data={"kind": "closed", "details": "It has closed."}),
    "directory.category": Access("public", {"code": "=health"}),
    "directory.needs": Access("public"),
    "directory.need": Access("public", {"code": "need"}),
    "directory.organisation": Access("public", {"org_id": "org_a"}),
    "directory.glossary": Access("public"),

    # --- the shortlist, kept in the visitor's own session (no account) ---------------------------------
    "shortlist.show": Access("public"),
    "shortlist.add": Access("public", data={"service_id": "{published}"}),
    "shortlist.remove": Access("public", data={"service_id": "{published}"}),
    "shortlist.clear": Access("public"),
    "shortlist.print_view": Access("public"),
    "shortlist.pdf": Access("public"),
    "shortlist.email": Access("public", data={"email": "someone@example.org"}),
    "shortlist.print_directory": Access("public", query="?q=speech"),

    # --- open data and the ORUK API ---------------------------------------------------------------------
    "open_data.page": Access("public"),
    "open_data.directory_csv": Access("public"),
    "open_data.directory_json": Access("public"),
    "open_data.service_template": Access("public"),
    "oruk.api_details": Access("public"),
    "oruk.openapi": Access("public"),
    "oruk.docs": Access("public"),
    "oruk.services": Access("public"),
    "oruk.service": Access("public", {"service_id": "published"}),
    "oruk.organizations": Access("public"),
    "oruk.organization": Access("public", {"org_id": "org_a"}),
    "oruk.service_at_locations": Access("public"),
    "oruk.service_at_location": Access("public", {"sal_id": "service_at_location"}),
    "oruk.taxonomies": Access("public"),
    "oruk.taxonomy": Access("public", {"taxonomy_id": "taxonomy"}),
    "oruk.taxonomy_terms": Access("public"),
    "oruk.taxonomy_term": Access("public", {"term_id": "term"}),
    "oruk.unknown": Access("api_unknown_path", {"anything": "=no/such/thing"}, data={},
                           post_rule="api_read_only", other_methods_rule="api_read_only"),

    # --- providers: sign-up, memberships, invitations, listings -----------------------------------------
    "providers.sign_up": Access("public"),
    # Whoever holds an invitation link may open it; accepting needs the invited email address.
    "providers.invitation": Access("public", {"token": "invitation_token"}),
    "providers.signed_up": Access("provider"),
    "providers.dashboard": Access("provider"),
    "providers.new_listing": Access("provider", data={"organisation": "{org_a}", "name": "Sneaky"},
                                    post_rule="provider_choosing_own_org"),
    "providers.invite": Access("provider_own_org", {"org_id": "org_a"}, data={"email": "x@example.org"}),
    "providers.membership_queue": Access("officer"),
    "providers.approve_membership": Access("officer", {"membership_id": "membership_to_approve"}, data={}),
    "providers.refuse_membership": Access("officer", {"membership_id": "membership_to_refuse"},
                                          data={"reason": "We could not check who you are."}),
    "providers.task_list": Access("provider_own_org", LISTING),
    "providers.about": Access("provider_own_org", LISTING, data={
        "name": "Renamed", "summary": "New words.", "description": "", "categories": ["health"]}),
    "providers.who": Access("provider_own_org", LISTING, data={"age_min": "1", "age_max": "2"}),
    "providers.access": Access("provider_own_org", LISTING, data={"cost": "free"}),
    "providers.contact": Access("provider_own_org", LISTING, data={"phone": "01632 960000"}),
    "providers.languages": Access("provider_own_org", LISTING, data={"languages": ["pl"], "area_served": "local"}),
    "providers.times": Access("provider_own_org", LISTING, data={"day_0-opens": "09:00", "day_0-closes": "10:00"}),
    "providers.locations": Access("provider_own_org", LISTING),
    "providers.add_location": Access("provider_own_org", LISTING, data={"address_1": "1 A St", "postcode": "N1 1AA"}),
    "providers.remove_location": Access("provider_own_org", {**LISTING, "index": "=0"}, data={"postcode": "E8 1DY"}),
    "providers.check": Access("provider_own_org", LISTING),
    "providers.preview": Access("provider_own_org", LISTING),
    "providers.confirm": Access("provider_own_org", LISTING, data={}),
    "providers.submit": Access("provider_own_org", WAITING, data={}),
    "providers.withdraw": Access("provider_own_org", WAITING, data={}),

    # --- officers: review, versions, freshness, problem reports -----------------------------------------
    "review.queue": Access("officer"),
    "review.revision": Access("officer", {"revision_id": "revision"}),
    "review.approve": Access("officer", {"revision_id": "revision"}, data={}),
    "review.send_back": Access("officer", {"revision_id": "revision"}, data={"reason": "Add the opening times."}),
    "review.versions": Access("officer", LISTING),
    "review.version": Access("officer", {**LISTING, "number": "=1"}),
    "review.restore": Access("officer", {**LISTING, "number": "=1"}, data={}),
    "review.archive": Access("officer", LISTING, data={}),
    "review.unarchive": Access("officer", LISTING, data={}),
    "review.freshness": Access("officer"),
    "review.reports": Access("officer"),
    "review.report_state": Access("officer", {"report_id": "problem_report"}, data={"state": "passed"}),

    # --- content in other languages: providers translate their own listings, officers everything -------
    "translations.listing": Access("provider_own_org", LISTING),
    "translations.edit_listing": Access("provider_own_org", {**LISTING, "language": "=tr"},
                                        data={"name": "Acme Konuşma Kliniği"}),
    "translations.organisation": Access("provider_own_org", {"org_id": "org_a"}),
    "translations.edit_organisation": Access("provider_own_org", {"org_id": "org_a", "language": "=tr"},
                                             data={"name": "Acme Terapileri"}),
    "translations.coverage": Access("officer"),
    "translations.records": Access("officer", {"kind_name": "=term"}, query="?language=tr"),
    "translations.edit_record": Access("officer", {"kind_name": "=term", "object_id": "term", "language": "=tr"},
                                       data={"name": "Sağlık"}),
    "translations.export": Access("officer", query="?language=tr&scope=all&format=csv"),
    "translations.import_upload": Access("officer", data=_translation_upload_form),
    "translations.import_preview": Access("officer_own_upload", {"token": "translation_upload_token"}),
    "translations.import_commit": Access("officer_own_upload", {"token": "translation_upload_token"}, data={}),

    # --- forum feedback ---------------------------------------------------------------------------------
    "feedback.new": Access("forum", data=NEW_ITEM),
    "feedback.mine": Access("forum"),
    "feedback.item": Access("private_item_readers", PRIVATE_ITEM),
    "feedback.public": Access("public"),
    "feedback.performance": Access("public"),
    "feedback.notifications": Access("signed_in"),
    "feedback.support": Access("forum_own_private_item", PRIVATE_ITEM, data={}),
    "feedback.follow": Access("forum_own_private_item", PRIVATE_ITEM, data={}),
    "feedback.unfollow": Access("forum_own_private_item", PRIVATE_ITEM, data={}),
    "feedback.triage": Access("officer"),
    "feedback.triage_item": Access("officer", PRIVATE_ITEM),
    "feedback.move": Access("officer", PRIVATE_ITEM, data={"to": "acknowledged", "text": "Hi."}),
    "feedback.add_update": Access("officer", PRIVATE_ITEM, data={"text": "Update."}),
    "feedback.add_note": Access("officer", PRIVATE_ITEM, data={"text": "Note."}),
    "feedback.publication": Access("officer", PENDING_ITEM),
    "feedback.redact": Access("officer", PENDING_ITEM, data={
        "title": "Pending check", "body": "Other words.", "would_help": "", "reason": "Tidy"}),
    "feedback.show": Access("officer", PENDING_ITEM, data={"checked": "y"}),
    "feedback.hide": Access("officer", PENDING_ITEM, data={}),
    "feedback.merge": Access("officer", PENDING_ITEM, data={"into": "{public_item}"}),
    "feedback.templates": Access("officer"),
    "feedback.new_template": Access("officer", data={"title": "New", "body": "Words."}),
    "feedback.edit_template": Access("officer", {"template_id": "template"}, data={"title": "Thanks!", "body": "Ta."}),
    "feedback.delete_template": Access("officer", {"template_id": "doomed_template"}, data={}),
    "feedback.insight_page": Access("officer"),
    "feedback.insight_csv": Access("officer", query="?table=top"),

    # --- the action plan and "You said, we did" ---------------------------------------------------------
    "plan.public_plan": Access("public"),
    "plan.public_action": Access("public", {"action_id": "action"}),
    "plan.you_said_we_did": Access("public"),
    "plan.public_entry": Access("public", {"entry_id": "published_entry"}),
    "plan.report": Access("public", query="?year=2025"),
    "plan.plans": Access("officer"),
    "plan.new_plan": Access("officer", data={"title": "A new plan", "description": ""}),
    "plan.plan": Access("officer", {"plan_id": "plan"}),
    "plan.edit_plan": Access("officer", {"plan_id": "plan"}, data={"title": "Renamed", "description": ""}),
    "plan.new_priority": Access("officer", {"plan_id": "plan"}, data={"ref": "9", "title": "More"}),
    "plan.edit_priority": Access("officer", {"priority_id": "priority"}, data={"ref": "1", "title": "Renamed"}),
    "plan.new_action": Access("officer", {"plan_id": "plan"}, data=_action_form),
    "plan.action": Access("officer", {"action_id": "action"}),
    "plan.edit_action": Access("officer", {"action_id": "action"}, data=_action_form),
    "plan.update_progress": Access("officer", {"action_id": "action"}, data={"status": "amber", "note": "Late"}),
    "plan.link_item": Access("officer", {"action_id": "action"}, data={"item": "{public_item}", "item_number": ""}),
    "plan.unlink_item": Access("officer", {"action_id": "action", "item_id": "linked_item"}, data={}),
    "plan.delete_action": Access("officer", {"action_id": "doomed_action"}, data={}),
    "plan.export_csv": Access("officer", {"plan_id": "plan"}),
    "plan.export_xlsx": Access("officer", {"plan_id": "plan"}),
    "plan.import_upload": Access("officer", data=_upload_form),
    "plan.import_preview": Access("officer_own_upload", {"token": "upload_token"}),
    "plan.import_commit": Access("officer_own_upload", {"token": "upload_token"}, data={}),
    "plan.import_cancel": Access("officer_own_upload", {"token": "other_upload_token"}, data={}),
    "plan.entries": Access("officer"),
    "plan.new_entry": Access("officer", data=_entry_form),
    "plan.entry": Access("officer", {"entry_id": "draft_entry"}),
    "plan.edit_entry": Access("officer", {"entry_id": "draft_entry"}, data=_entry_form),
    "plan.publish_entry": Access("officer", {"entry_id": "draft_entry"}, data={}),
    "plan.unpublish_entry": Access("officer", {"entry_id": "published_entry"}, data={}),
    "plan.delete_entry": Access("officer", {"entry_id": "doomed_entry"}, data={}),
}


# --- the world the URLs are built from ---------------------------------------------------------------------

@pytest.fixture
def world(app, make_organisation, make_user) -> dict:
    """Two organisations, the seven people, and one of every record a route needs, by name."""
    org_a = make_organisation("Acme Therapies", website="https://acme.example.org")
    org_b = make_organisation("Beta Youth Club")
    people = {
        "provider_a": make_user("provider.a@acme.example.org", roles=(PROVIDER,), organisations=[org_a]),
        "provider_b": make_user("provider.b@beta.example.org", roles=(PROVIDER,), organisations=[org_b]),
        "forum_1": make_user("forum.one@example.org", roles=(FORUM_MEMBER,)),
        "forum_2": make_user("forum.two@example.org", roles=(FORUM_MEMBER,)),
        "officer": make_user("officer@council.example.org", roles=(OFFICER,)),
        "admin": make_user("admin@council.example.org", roles=(ADMIN,)),
    }
    provider_a, officer, forum_1 = people["provider_a"], people["officer"], people["forum_1"]

    # Organisation A: a published listing (version 1, with a location) and a new one waiting for review.
    published = _listing(provider_a, org_a, "Acme Speech Clinic")
    listings.approve_revision(officer, listings.open_revision(published))
    location = Location(organisation=org_a, name="Acme centre", postcode="E8 1DY", latitude=51.543, longitude=-0.064)
    db.session.add(location)
    published.locations.append(location)
    waiting = _listing(provider_a, org_a, "Acme Sensory Play")
    db.session.commit()
    problem = problems.report_problem(published, "closed", "It has closed.", "")

    memberships_waiting = []
    for email in ("applicant.one@acme.example.org", "applicant.two@acme.example.org"):
        applicant = make_user(email, roles=(PROVIDER,))
        membership = Membership(user_id=applicant.id, organisation_id=org_a.id, status=MEMBERSHIP_PENDING)
        db.session.add(membership)
        memberships_waiting.append(membership)
    db.session.commit()
    invitation_token = memberships.invite_colleague(provider_a, org_a, "colleague@acme.example.org",
                                                    link_for=lambda token: token)
    reset_token = password_reset_token(make_user("forgetful@example.org", password=PASSWORD))

    # Forum member 1's feedback: private, shown publicly, and waiting to be checked for showing.
    common = {"body": "Words.", "would_help": "", "theme": "health"}
    private_item = feedback_services.raise_item(forum_1, title="Private worry", may_be_public=False, **common)
    public_item = feedback_services.raise_item(forum_1, title="Public idea", may_be_public=True, **common)
    pending_item = feedback_services.raise_item(forum_1, title="Pending check", may_be_public=True, **common)
    linked_item = feedback_services.raise_item(forum_1, title="Linked", may_be_public=True, **common)
    feedback_services.show_publicly(officer, public_item)
    template = feedback_services.create_template(officer, "Thanks", "Thank you for telling us.")
    doomed_template = feedback_services.create_template(officer, "Old", "An old answer.")

    plan = plan_services.create_plan(officer, "SEND plan")
    priority = plan_services.add_priority(officer, plan, "1", "Identifying needs early")
    action = plan_services.add_action(officer, priority, ref="1.1", description="Data sharing",
                                      due_on=date(2019, 7, 31))
    doomed_action = plan_services.add_action(officer, priority, ref="1.2", description="To be deleted")
    plan_services.link_item(officer, action, linked_item)
    entry = dict(theme="health", you_said="Said", we_did="Did", decided_by="Board", decided_on=date(2025, 1, 1),
                 outcome="we_did")
    draft_entry, published_entry, doomed_entry = (yswd.create_entry(officer, **entry) for _ in range(3))
    yswd.publish_entry(officer, published_entry)
    owner = {"user_id": officer.id, "plan_id": None, "plan_title": "Imported", "filename": "plan.csv"}
    db.session.commit()

    term = db.session.query(TaxonomyTerm).filter_by(vocabulary=CATEGORY).first()
    need = db.session.query(TaxonomyTerm).filter_by(vocabulary="need").first()
    world = {
        **people,
        "org_a": org_a.id, "org_b": org_b.id,
        "published": published.id, "waiting": waiting.id,
        "revision": listings.open_revision(waiting).id,
        "service_at_location": service_at_location_id(published.id, location.id),
        "taxonomy": taxonomy_id(CATEGORY), "term": term.id, "need": need.code,
        "problem_report": problem.id,
        "membership_to_approve": memberships_waiting[0].id, "membership_to_refuse": memberships_waiting[1].id,
        "invitation_token": invitation_token, "reset_token": reset_token,
        "outbox_message": db.session.query(OutboxMessage.id).order_by(OutboxMessage.id).first()[0],
        "audit_entry": db.session.query(AuditEntry.id).order_by(AuditEntry.id).first()[0],
        "private_item": private_item.id, "public_item": public_item.id, "pending_item": pending_item.id,
        "linked_item": linked_item.id,
        "template": template.id, "doomed_template": doomed_template.id,
        "plan": plan.id, "priority": priority.id, "action": action.id, "doomed_action": doomed_action.id,
        "draft_entry": draft_entry.id, "published_entry": published_entry.id, "doomed_entry": doomed_entry.id,
        "upload_token": plan_import.save_upload(app.instance_path, PLAN_CSV, owner),
        "other_upload_token": plan_import.save_upload(app.instance_path, PLAN_CSV, owner),
    }
    world.update(_translation_report())
    from directory import translation_exchange
    world["translation_upload_token"] = translation_exchange.save_upload(
        app.instance_path, _translation_csv(published.id), {"user_id": officer.id, "reviewed": False, "filename": "tr.csv"})
    return world


def _listing(provider, organisation, name: str):
    """A listing started and sent for review by a provider, the way the editor does it."""
    service = listings.start_listing(provider, organisation, name)
    listings.update_revision(provider, listings.open_revision(service), {"summary": f"{name}: what it does."})
    listings.submit_revision(provider, listings.open_revision(service))
    return service


def _translation_report() -> dict:
    """A reader's report about a translation, for the officers' queue (when that feature is present)."""
    try:
        from portal import translation_reports
    except ImportError:
        return {}
    return {"translation_report": translation_reports.report_translation("pl", "A wrong word", "", "/", "").id}


# --- sending requests --------------------------------------------------------------------------------------

def _url(app, rule, access: Access, world: dict) -> str:
    args = {}
    for name in rule.arguments:
        source = access.args.get(name)
        assert source is not None, f"{rule.endpoint}: ACCESS has no value for the URL argument <{name}>"
        args[name] = source[1:] if source.startswith("=") else world[source]
    with app.test_request_context():
        return url_for(rule.endpoint, **args) + access.query


def _form(access: Access, world: dict) -> dict:
    data = access.data(world) if callable(access.data) else dict(access.data or {})
    return {key: value.format(**world) if isinstance(value, str) else value for key, value in data.items()}


def _act_as(client, who: str, world: dict) -> None:
    """A fresh session for this person before every request (sign-out, password changes and sign-ups
    during the run would otherwise change who the next request comes from)."""
    db.session.expire_all()
    with client.session_transaction() as session:
        session.clear()
        if who != "anonymous":
            session["_user_id"] = world[who].get_id()
            session["_fresh"] = True


def expected(access: Access, method: str, who: str):
    rule = access.rule
    if method == "POST" and access.post_rule:
        rule = access.post_rule
    elif method not in ("GET", "POST") and access.other_methods_rule:
        rule = access.other_methods_rule
    return RULES[rule][who]


def outcome_problem(response, want) -> str | None:
    """Why the response is not the outcome wanted, or None."""
    status, location = response.status_code, response.headers.get("Location", "")
    to_sign_in = response.status_code in (301, 302, 303) and location.startswith("/sign-in")
    if status >= 500:
        return f"server error {status}"
    if want == ALLOWED:
        if status in (401, 403, 404, 405) or to_sign_in:
            return f"refused ({status} {location})".strip()
        return None
    if want == SIGN_IN:
        return None if to_sign_in else f"{status} {location}, not sent to sign in".strip()
    if want == FORM_REFUSES:
        return None if status in (200, 400) else f"{status} {location}, not the form shown again".strip()
    return None if status == want else f"{status} {location}, not {want}".strip()


def state(app) -> dict:
    """Everything a request could change: every table's rows, the unsaved session, the instance folder."""
    db.session.expire_all()
    tables = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            tables[table.name] = sorted(repr(tuple(row)) for row in connection.execute(table.select()))
    files = sorted(os.path.relpath(os.path.join(folder, name), app.instance_path)
                   for folder, _, names in os.walk(app.instance_path) for name in names)
    return {"tables": tables, "files": files}


def _requests(app):
    """(rule, method) for every rule and method in the url map, reads first so writes cannot break them."""
    pairs = [(rule, method) for rule in app.url_map.iter_rules()
             for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]

    def order(pair):
        rule, method = pair
        access = ACCESS.get(rule.endpoint)
        return method != "GET", method != "GET" and access is not None and access.last, rule.endpoint, rule.rule
    return sorted(pairs, key=order)


# --- the tests ---------------------------------------------------------------------------------------------

def test_every_route_has_a_line_in_the_access_table(app):
    missing = sorted(f"{rule.endpoint}  ({', '.join(sorted(rule.methods - {'HEAD', 'OPTIONS'}))} {rule.rule})"
                     for rule in app.url_map.iter_rules() if rule.endpoint not in ACCESS)
    assert not missing, ("These routes have no line in ACCESS (tests/portal/test_authorisation_matrix.py) "
                         "saying who may use them:\n  " + "\n  ".join(missing))
    served = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert not set(ACCESS) - served, f"ACCESS lists endpoints the app no longer has: {sorted(set(ACCESS) - served)}"


def test_no_endpoint_has_two_lines():
    """A dict literal keeps the last of two equal keys silently; several people add lines to this table."""
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    table = next(node.value for node in ast.walk(tree) if isinstance(node, ast.AnnAssign)
                 and getattr(node.target, "id", None) == "ACCESS")
    keys = [key.value for key in table.keys]
    assert not [key for key in set(keys) if keys.count(key) > 1], "an endpoint is listed twice in ACCESS"


def test_every_line_names_a_known_rule():
    for endpoint, access in ACCESS.items():
        for rule in (access.rule, access.post_rule, access.other_methods_rule):
            assert rule is None or rule in RULES, (endpoint, rule)


@pytest.mark.parametrize("who", ROLES)
def test_who_may_do_what(app, client, world, who):
    wrong = []
    checked = 0
    for rule, method in _requests(app):
        access = ACCESS.get(rule.endpoint)
        if access is None:
            continue  # reported by test_every_route_has_a_line_in_the_access_table
        want = expected(access, method, who)
        url = _url(app, rule, access, world)
        _act_as(client, who, world)
        refused = want != ALLOWED
        before = state(app) if refused else None
        data = None if method == "GET" else _form(access, world)
        with client.open(url, method=method, data=data) as response:  # closed: static files hold a handle
            problem = outcome_problem(response, want)
        checked += 1
        if problem is None and refused:
            if state(app) != before:
                problem = "refused, but something changed"
            elif db.session.new or db.session.dirty or db.session.deleted:
                problem = "refused, but left unsaved changes in the session"
        if problem:
            wrong.append(f"{method} {url} [{rule.endpoint}, {who} expected {want!r}]: {problem}")
    assert checked >= len(ACCESS)
    assert not wrong, f"As {who}:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("who", ["anonymous", "officer"])
def test_a_get_to_a_post_only_route_is_405(app, client, world, who):
    wrong = []
    for rule in app.url_map.iter_rules():
        access = ACCESS.get(rule.endpoint)
        if access is None or "GET" in rule.methods or rule.endpoint == "oruk.unknown":
            continue
        _act_as(client, who, world)
        url = _url(app, rule, access, world)
        try:  # the same URL may be another endpoint's GET (e.g. the import preview and its commit)
            app.url_map.bind("localhost").match(url, method="GET")
            continue
        except MethodNotAllowed:
            pass
        if client.get(url).status_code != 405:
            wrong.append(url)
    assert not wrong
