"""The SEND action plan: plans, priorities and actions, BRAG status changes with dated progress updates,
links from actions to forum feedback, reading the plan for the public pages, and importing rows.

Every change is one function here that checks the rules, writes, records an audit entry and commits.
A broken rule raises `PlanError` with a message for the person; the caller rolls back.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import User, utcnow
from portal.services import record_audit

from .models import (AMBER, BLUE, CLOSED, GREEN, NOT_STARTED, RED, Action, ActionPlan, FeedbackItem, Priority,
                     ProgressUpdate)

# The order officers and readers see the statuses in (worst news last is how plans are read).
STATUS_ORDER = (NOT_STARTED, GREEN, AMBER, RED, BLUE)
STATUS_LABELS = {
    NOT_STARTED: _l("Not started"),
    BLUE: _l("Blue – complete"),
    GREEN: _l("Green – on track"),
    AMBER: _l("Amber – at risk"),
    RED: _l("Red – escalate"),
}
STATUS_HINTS = {
    NOT_STARTED: _l("Work has not begun"),
    BLUE: _l("Done, no further action"),
    GREEN: _l("Progressing as expected and on time"),
    AMBER: _l("Problems or risks, or progress delayed"),
    RED: _l("Significant issues or risks that need to be escalated"),
}
# GOV.UK Frontend 6 tags: the plain tag is blue. The words always go with the colour.
STATUS_TAG_CLASSES = {
    NOT_STARTED: "govuk-tag--grey",
    BLUE: "",
    GREEN: "govuk-tag--green",
    AMBER: "govuk-tag--orange",
    RED: "govuk-tag--red",
}

REF_MAX_LENGTH = 20
LEAD_MAX_LENGTH = 255
TITLE_MAX_LENGTH = 255

# Fields of an action an officer edits (status moves only through `change_status`).
ACTION_FIELDS = ("ref", "description", "lead", "partners", "start_on", "due_on", "revised_due_on", "measure",
                 "evidence")


class PlanError(ValueError):
    """A rule about the action plan was broken; the message is for the person, `field` names the input."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


# --- reading -------------------------------------------------------------------------------------------

def effective_due(action: Action) -> date | None:
    """The date an action is due by: the revised due date if there is one, else the due date."""
    return action.revised_due_on or action.due_on


def is_overdue(action: Action, today: date | None = None) -> bool:
    """True when the effective due date has passed and the action is not complete (Blue)."""
    due = effective_due(action)
    return due is not None and action.status != BLUE and due < (today or date.today())


def history(action: Action) -> list[ProgressUpdate]:
    """An action's progress updates, newest first."""
    return sorted(action.updates, key=lambda update: (update.created_at, update.id), reverse=True)


def latest_update(action: Action) -> ProgressUpdate | None:
    """The newest progress update on an action, if any."""
    updates = history(action)
    return updates[0] if updates else None


def plans() -> list[ActionPlan]:
    """Every plan, newest first."""
    return list(db.session.scalars(select(ActionPlan).order_by(ActionPlan.created_at.desc(), ActionPlan.id.desc())))


def plan_of(action: Action) -> ActionPlan:
    """The plan an action belongs to."""
    return action.priority.plan


def leads() -> list[str]:
    """Every lead named on an action, for the filter."""
    rows = db.session.scalars(select(Action.lead).where(Action.lead != "").distinct())
    return sorted(set(rows), key=str.casefold)


def item_counts(actions: list[Action]) -> dict[int, int]:
    """How many feedback items are linked to each of these actions."""
    from .models import item_actions

    ids = [action.id for action in actions]
    if not ids:
        return {}
    rows = db.session.execute(select(item_actions.c.action_id, func.count(item_actions.c.item_id))
                              .where(item_actions.c.action_id.in_(ids)).group_by(item_actions.c.action_id))
    return {action_id: count for action_id, count in rows}


@dataclass
class PlanView:
    """One plan as the public page shows it: its priorities, each with the actions that passed the filters."""

    plan: ActionPlan
    priorities: list[tuple[Priority, list[Action]]] = field(default_factory=list)

    @property
    def action_count(self) -> int:
        """How many actions passed the filters."""
        return sum(len(actions) for _priority, actions in self.priorities)


def public_plan(*, status: str | None = None, lead: str | None = None, priority_id: int | None = None
                ) -> list[PlanView]:
    """Every plan with its priorities and actions, keeping only the actions that match the filters."""
    views = []
    loaded = select(ActionPlan).order_by(ActionPlan.created_at.desc(), ActionPlan.id.desc()).options(
        selectinload(ActionPlan.priorities).selectinload(Priority.actions).selectinload(Action.updates))
    for plan in db.session.scalars(loaded):
        view = PlanView(plan)
        for priority in plan.priorities:
            if priority_id is not None and priority.id != priority_id:
                continue
            actions = [action for action in priority.actions
                       if (status is None or action.status == status)
                       and (lead is None or action.lead == lead)]
            if actions or (status is None and lead is None and priority_id is None):
                view.priorities.append((priority, actions))
        if view.priorities:
            views.append(view)
    return views


def status_counts(actions: list[Action]) -> dict[str, int]:
    """How many of these actions have each status."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for action in actions:
        counts[action.status] = counts.get(action.status, 0) + 1
    return counts


def open_items() -> list[FeedbackItem]:
    """Feedback items that are not closed or merged, newest first: the ones worth linking to an action."""
    return list(db.session.scalars(
        select(FeedbackItem).where(FeedbackItem.status != CLOSED, FeedbackItem.merged_into_id.is_(None))
        .order_by(FeedbackItem.created_at.desc(), FeedbackItem.id.desc())))


def action_by_ref(plan: ActionPlan, ref: str) -> Action | None:
    """The action with this reference in a plan (references are compared without case or spaces)."""
    wanted = _ref_key(ref)
    for priority in plan.priorities:
        for action in priority.actions:
            if _ref_key(action.ref) == wanted:
                return action
    return None


def _ref_key(ref: str) -> str:
    return "".join(ref.split()).casefold()


# --- plans and priorities -----------------------------------------------------------------------------

def _clean(text: str | None) -> str:
    return (text or "").strip()


def _plan_title(title: str) -> str:
    title = _clean(title)
    if not title:
        raise PlanError(str(_l("Enter the plan’s title")), "title")
    if len(title) > TITLE_MAX_LENGTH:
        raise PlanError(str(_l("The title must be %(max)s characters or fewer", max=TITLE_MAX_LENGTH)), "title")
    return title


def _new_plan(user: User | None, title: str, description: str = "") -> ActionPlan:
    plan = ActionPlan(title=_plan_title(title), description=_clean(description))
    db.session.add(plan)
    db.session.flush()
    record_audit(user, "plan.create", "action_plan", plan.id, after={"title": plan.title})
    return plan


def create_plan(user: User | None, title: str, description: str = "") -> ActionPlan:
    """Start a new action plan."""
    plan = _new_plan(user, title, description)
    db.session.commit()
    return plan


def update_plan(user: User | None, plan: ActionPlan, title: str, description: str = "") -> ActionPlan:
    """Change a plan's title or description."""
    before = {"title": plan.title, "description": plan.description}
    plan.title, plan.description = _plan_title(title), _clean(description)
    record_audit(user, "plan.update", "action_plan", plan.id, before=before,
                 after={"title": plan.title, "description": plan.description})
    db.session.commit()
    return plan


def _new_priority(user: User | None, plan: ActionPlan, ref: str, title: str) -> Priority:
    ref, title = _clean(ref), _clean(title)
    if not title:
        raise PlanError(str(_l("Enter the priority’s title")), "title")
    if len(ref) > REF_MAX_LENGTH:
        raise PlanError(str(_l("The reference must be %(max)s characters or fewer", max=REF_MAX_LENGTH)), "ref")
    position = max((p.position for p in plan.priorities), default=0) + 1
    priority = Priority(plan=plan, ref=ref, title=title, position=position)
    db.session.add(priority)
    db.session.flush()
    record_audit(user, "priority.create", "priority", priority.id, after={"plan": plan.id, "ref": ref, "title": title})
    return priority


def add_priority(user: User | None, plan: ActionPlan, ref: str, title: str) -> Priority:
    """Add a priority (or workstream) at the end of a plan."""
    priority = _new_priority(user, plan, ref, title)
    db.session.commit()
    return priority


def update_priority(user: User | None, priority: Priority, ref: str, title: str) -> Priority:
    """Change a priority's reference or title."""
    ref, title = _clean(ref), _clean(title)
    if not title:
        raise PlanError(str(_l("Enter the priority’s title")), "title")
    if len(ref) > REF_MAX_LENGTH:
        raise PlanError(str(_l("The reference must be %(max)s characters or fewer", max=REF_MAX_LENGTH)), "ref")
    before = {"ref": priority.ref, "title": priority.title}
    priority.ref, priority.title = ref, title
    record_audit(user, "priority.update", "priority", priority.id, before=before, after={"ref": ref, "title": title})
    db.session.commit()
    return priority


# --- actions -------------------------------------------------------------------------------------------

def _check_action(plan: ActionPlan, fields: dict, *, existing: Action | None = None) -> dict:
    text_fields = ("ref", "description", "lead", "partners", "measure", "evidence")
    fields = {name: _clean(value) if name in text_fields else value for name, value in fields.items()}
    ref = fields.get("ref", existing.ref if existing else "")
    if not ref:
        raise PlanError(str(_l("Enter the action’s reference, like 1.2")), "ref")
    if len(ref) > REF_MAX_LENGTH:
        raise PlanError(str(_l("The reference must be %(max)s characters or fewer", max=REF_MAX_LENGTH)), "ref")
    same = action_by_ref(plan, ref)
    if same is not None and same is not existing:
        raise PlanError(str(_l("Another action in this plan already has the reference %(ref)s", ref=ref)), "ref")
    if not fields.get("description", existing.description if existing else ""):
        raise PlanError(str(_l("Enter what the action is")), "description")
    if len(fields.get("lead", "") or "") > LEAD_MAX_LENGTH:
        raise PlanError(str(_l("The lead must be %(max)s characters or fewer", max=LEAD_MAX_LENGTH)), "lead")
    start = fields.get("start_on", existing.start_on if existing else None)
    for name, message in (("due_on", _l("The due date must be the same as or after the start date")),
                          ("revised_due_on", _l("The revised due date must be the same as or after the start date"))):
        value = fields.get(name, getattr(existing, name) if existing else None)
        if start and value and value < start:
            raise PlanError(str(message), name)
    return fields


def _snapshot(action: Action) -> dict:
    data = {name: getattr(action, name) for name in ACTION_FIELDS}
    for name in ("start_on", "due_on", "revised_due_on"):
        data[name] = data[name].isoformat() if data[name] else None
    data["status"] = action.status
    data["priority"] = action.priority_id
    return data


def _new_action(user: User | None, priority: Priority, *, status: str = NOT_STARTED, note: str = "",
                **fields) -> Action:
    if status not in STATUS_LABELS:
        raise PlanError(str(_l("Choose a status")), "status")
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown action fields: {sorted(unknown)}")
    fields = _check_action(priority.plan, fields)
    position = max((a.position for a in priority.actions), default=0) + 1
    action = Action(priority=priority, status=status, position=position, **fields)
    db.session.add(action)
    db.session.flush()
    # The history starts when the action is added, with its first status and any note.
    db.session.add(ProgressUpdate(action=action, author_id=user.id if user else None, status_from="",
                                  status_to=status, note=_clean(note)))
    record_audit(user, "action.create", "action", action.id, after=_snapshot(action))
    return action


def add_action(user: User | None, priority: Priority, *, status: str = NOT_STARTED, note: str = "",
               **fields) -> Action:
    """Add an action to a priority; its reference must be unique within the plan. Its history starts here."""
    action = _new_action(user, priority, status=status, note=note, **fields)
    db.session.commit()
    return action


def update_action(user: User | None, action: Action, *, priority: Priority | None = None, **fields) -> Action:
    """Change an action's details, or move it to another priority of its plan (status: `change_status`)."""
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown action fields: {sorted(unknown)}")
    plan = plan_of(action)
    if priority is not None and priority.plan_id != plan.id:
        raise PlanError(str(_l("Choose a priority in the same plan")), "priority")
    fields = _check_action(plan, fields, existing=action)
    before = _snapshot(action)
    for name, value in fields.items():
        setattr(action, name, value)
    if priority is not None and priority.id != action.priority_id:
        action.priority = priority
        action.position = max((a.position for a in priority.actions if a is not action), default=0) + 1
    db.session.flush()
    after = _snapshot(action)
    if after != before:
        changed = [name for name in after if after[name] != before[name]]
        record_audit(user, "action.update", "action", action.id,
                     before={name: before[name] for name in changed}, after={name: after[name] for name in changed})
    db.session.commit()
    return action


def change_status(user: User | None, action: Action, status: str, note: str = "") -> ProgressUpdate:
    """Move an action to a status and/or add a progress note: one dated progress update either way."""
    note = _clean(note)
    if status not in STATUS_LABELS:
        raise PlanError(str(_l("Choose a status")), "status")
    if status == action.status and not note:
        raise PlanError(str(_l("Choose a different status or write a progress note")), "status")
    update = ProgressUpdate(action=action, author_id=user.id if user else None, status_from=action.status,
                            status_to=status, note=note, created_at=utcnow())
    db.session.add(update)
    before = action.status
    action.status = status
    action.updated_at = utcnow()
    db.session.flush()
    record_audit(user, "action.status" if status != before else "action.note", "action", action.id,
                 before={"status": before}, after={"status": status, "update": update.id})
    db.session.commit()
    return update


def add_note(user: User | None, action: Action, note: str) -> ProgressUpdate:
    """Add a dated progress note to an action without changing its status."""
    if not _clean(note):
        raise PlanError(str(_l("Write a progress note")), "note")
    return change_status(user, action, action.status, note)


def delete_action(user: User | None, action: Action) -> None:
    """Remove an action and its history (links to feedback items go too; the items stay)."""
    record_audit(user, "action.delete", "action", action.id, before=_snapshot(action))
    db.session.delete(action)
    db.session.commit()


def link_item(user: User | None, action: Action, item: FeedbackItem) -> bool:
    """Link a feedback item to an action; False if it was already linked."""
    if item in action.items:
        return False
    if item.merged_into_id is not None:
        raise PlanError(str(_l("Item %(id)s was merged into another item: link that one instead", id=item.id)))
    action.items.append(item)
    record_audit(user, "action.link_item", "action", action.id, after={"item": item.id})
    db.session.commit()
    return True


def unlink_item(user: User | None, action: Action, item: FeedbackItem) -> bool:
    """Unlink a feedback item from an action; False if it was not linked."""
    if item not in action.items:
        return False
    action.items.remove(item)
    record_audit(user, "action.unlink_item", "action", action.id, before={"item": item.id})
    db.session.commit()
    return True


# --- importing rows -------------------------------------------------------------------------------------

@dataclass
class NewAction:
    """One row of an import, checked and ready to write."""

    priority_ref: str
    priority_title: str
    status: str
    note: str
    fields: dict


def import_actions(user: User | None, rows: list[NewAction], *, plan: ActionPlan | None = None,
                   plan_title: str = "") -> ActionPlan:
    """Write checked rows into `plan` (or a new plan) in one transaction: every row is added, or nothing."""
    # Priorities are matched by reference (or, with none, by title) and made when missing.
    try:
        if plan is None:
            plan = _new_plan(user, plan_title or str(_l("Imported action plan")))
        by_key: dict[str, Priority] = {}
        for priority in plan.priorities:
            by_key.setdefault(_priority_key(priority.ref, priority.title), priority)
        for row in rows:
            key = _priority_key(row.priority_ref, row.priority_title)
            priority = by_key.get(key)
            if priority is None:
                priority = _new_priority(user, plan, row.priority_ref,
                                         row.priority_title or str(_l("Priority %(ref)s", ref=row.priority_ref)))
                by_key[key] = priority
            _import_one(user, priority, row)
        record_audit(user, "plan.import", "action_plan", plan.id, after={"actions": len(rows)})
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return plan


def _import_one(user: User | None, priority: Priority, row: NewAction) -> Action:
    return _new_action(user, priority, status=row.status, note=row.note, **row.fields)


def _priority_key(ref: str, title: str) -> str:
    return "ref:" + _ref_key(ref) if _clean(ref) else "title:" + _clean(title).casefold()
