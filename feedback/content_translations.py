"""Which feedback records can be translated: "You said, we did" entries, and the action plan (its title
and description), its priorities and actions. The rules, storage, editing and exports are
directory.content_translations' (feedback may use directory; directory never imports feedback, so
feedback registers here).
"""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from directory.content_translations import ContentKind, register_kind
from portal.extensions import db

from .models import ENTRY_PUBLISHED, Action, ActionPlan, Priority, YouSaidWeDid

CONTENT_YOU_SAID_WE_DID, CONTENT_PRIORITY, CONTENT_ACTION = "you_said_we_did", "priority", "action"
CONTENT_PLAN = "plan"


def _by_int_id(model):
    def get(object_id: str):
        return db.session.get(model, int(object_id)) if object_id.isdigit() else None
    return get


def _published_entries() -> list[YouSaidWeDid]:
    return list(db.session.scalars(select(YouSaidWeDid).where(YouSaidWeDid.status == ENTRY_PUBLISHED)
                                   .order_by(YouSaidWeDid.published_at.desc(), YouSaidWeDid.id.desc())))


def _plans() -> list[ActionPlan]:
    return list(db.session.scalars(select(ActionPlan).order_by(ActionPlan.id)))


def _priorities() -> list[Priority]:
    return list(db.session.scalars(select(Priority).join(ActionPlan).order_by(ActionPlan.id, Priority.position)))


def _actions() -> list[Action]:
    return list(db.session.scalars(select(Action).join(Priority).join(ActionPlan)
                                   .order_by(ActionPlan.id, Priority.position, Action.position)))


def _short(text: str, length: int = 80) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def register() -> None:
    """Make these records translatable (called when the app is made)."""
    register_kind(ContentKind(
        name=CONTENT_YOU_SAID_WE_DID, label=_l("“You said, we did”"),
        fields={"you_said": _l("You said"), "we_did": _l("We did")},
        get=_by_int_id(YouSaidWeDid), records=_published_entries, title=lambda entry: _short(entry.you_said),
        multiline=frozenset({"you_said", "we_did"}), model=YouSaidWeDid,
        public_url=lambda entry: url_for("plan.public_entry", entry_id=entry.id)))
    register_kind(ContentKind(
        name=CONTENT_PLAN, label=_l("Action plans"), fields={"title": _l("Title"), "description": _l("Description")},
        get=_by_int_id(ActionPlan), records=_plans, title=lambda plan: _short(plan.title),
        multiline=frozenset({"description"}), model=ActionPlan,
        public_url=lambda plan: url_for("plan.public_plan")))
    register_kind(ContentKind(
        name=CONTENT_PRIORITY, label=_l("Action plan priorities"), fields={"title": _l("Title")},
        get=_by_int_id(Priority), records=_priorities, model=Priority,
        title=lambda priority: " ".join(p for p in (priority.ref, _short(priority.title)) if p)))
    register_kind(ContentKind(
        name=CONTENT_ACTION, label=_l("Action plan actions"), fields={"description": _l("Action")},
        get=_by_int_id(Action), records=_actions, title=lambda action: f"{action.ref} {_short(action.description)}",
        multiline=frozenset({"description"}), model=Action,
        public_url=lambda action: url_for("plan.public_action", action_id=action.id)))
