"""Forum feedback under response standards, the SEND action plan, and "You said, we did"."""
from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models import User, utcnow

THEMES = ("education", "health", "social-care", "short-breaks", "post-16", "local-offer", "communication", "other")

# A feedback item moves one step at a time; closing needs an outcome.
SUBMITTED, ACKNOWLEDGED, IN_REVIEW, RESPONDED, CLOSED = "submitted", "acknowledged", "in_review", "responded", "closed"
ITEM_STATES = (SUBMITTED, ACKNOWLEDGED, IN_REVIEW, RESPONDED, CLOSED)
WE_DID, IN_PROGRESS, NOT_DOING, SIGNPOSTED = "we_did", "in_progress", "not_doing", "signposted"
OUTCOMES = (WE_DID, IN_PROGRESS, NOT_DOING, SIGNPOSTED)
SIGNPOSTS = ("complaints", "sendiass", "individual_case")

# Action status: BRAG plus not started.
NOT_STARTED, BLUE, GREEN, AMBER, RED = "not_started", "blue", "green", "amber", "red"
ACTION_STATUSES = (NOT_STARTED, GREEN, AMBER, RED, BLUE)

# "You said, we did" entries.
ENTRY_DRAFT, ENTRY_PUBLISHED = "draft", "published"

item_actions = Table(
    "feedback_item_actions",
    db.metadata,
    Column("item_id", Integer, ForeignKey("feedback_items.id", ondelete="CASCADE"), primary_key=True),
    Column("action_id", Integer, ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
)

entry_items = Table(
    "you_said_we_did_items",
    db.metadata,
    Column("entry_id", Integer, ForeignKey("you_said_we_did.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", Integer, ForeignKey("feedback_items.id", ondelete="CASCADE"), primary_key=True),
)

entry_actions = Table(
    "you_said_we_did_actions",
    db.metadata,
    Column("entry_id", Integer, ForeignKey("you_said_we_did.id", ondelete="CASCADE"), primary_key=True),
    Column("action_id", Integer, ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
)

entry_services = Table(
    "you_said_we_did_services",
    db.metadata,
    Column("entry_id", Integer, ForeignKey("you_said_we_did.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", Uuid, ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
)


class FeedbackItem(db.Model):
    """An issue or idea raised by a forum member."""

    __tablename__ = "feedback_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # what is happening
    would_help: Mapped[str] = mapped_column(Text, default="")  # what would help
    theme: Mapped[str] = mapped_column(String(30), index=True)
    service_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("services.id", ondelete="SET NULL"), default=None)
    submitter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # The submitter agreed it may be shown publicly; it is shown once an officer has checked it.
    may_be_public: Mapped[bool] = mapped_column(default=False)
    shown_publicly: Mapped[bool] = mapped_column(default=False, index=True)
    status: Mapped[str] = mapped_column(String(20), default=SUBMITTED, index=True)
    outcome: Mapped[str] = mapped_column(String(20), default="")
    outcome_reason: Mapped[str] = mapped_column(Text, default="")  # required for not doing
    signposted_to: Mapped[str] = mapped_column(String(30), default="")
    acknowledge_due_on: Mapped[date | None] = mapped_column(default=None)
    respond_due_on: Mapped[date | None] = mapped_column(default=None)
    acknowledged_at: Mapped[datetime | None] = mapped_column(default=None)
    responded_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("feedback_items.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    submitter: Mapped[User | None] = relationship()
    updates: Mapped[list[FeedbackUpdate]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="FeedbackUpdate.created_at")
    actions: Mapped[list[Action]] = relationship(secondary=item_actions, back_populates="items")
    merged_into: Mapped[FeedbackItem | None] = relationship(remote_side=[id])


class FeedbackUpdate(db.Model):
    """A public update or an internal note on an item, with the state change it made, if any."""

    __tablename__ = "feedback_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("feedback_items.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text, default="")
    public: Mapped[bool] = mapped_column(default=True)  # False: an internal note officers only see
    status_from: Mapped[str] = mapped_column(String(20), default="")
    status_to: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[FeedbackItem] = relationship(back_populates="updates")
    author: Mapped[User | None] = relationship()


class FeedbackSupport(db.Model):
    """A "me too" from a forum member."""

    __tablename__ = "feedback_supports"
    __table_args__ = (UniqueConstraint("item_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("feedback_items.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FeedbackFollow(db.Model):
    """A forum member following an item (raisers follow their own)."""

    __tablename__ = "feedback_follows"
    __table_args__ = (UniqueConstraint("item_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("feedback_items.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Redaction(db.Model):
    """Personal data removed before an item was shown publicly: what field, why, by whom (not the text)."""

    __tablename__ = "feedback_redactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("feedback_items.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ResponseTemplate(db.Model):
    """Reusable wording for officers' responses."""

    __tablename__ = "response_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Notification(db.Model):
    """An on-site notification (the same news is emailed)."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(String(500))
    link: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(default=None)


class ActionPlan(db.Model):
    """A local area plan, e.g. "SEND Local Area Action Plan 2022-25"."""

    __tablename__ = "action_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    priorities: Mapped[list[Priority]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Priority.position")


class Priority(db.Model):
    """A priority or workstream of a plan."""

    __tablename__ = "priorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(20), default="")
    title: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)

    plan: Mapped[ActionPlan] = relationship(back_populates="priorities")
    actions: Mapped[list[Action]] = relationship(
        back_populates="priority", cascade="all, delete-orphan", order_by="Action.position")


class Action(db.Model):
    """An action with a BRAG status; every change is a dated progress update."""

    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    priority_id: Mapped[int] = mapped_column(ForeignKey("priorities.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(20), index=True)  # e.g. "5.1.7"; unique within a plan
    description: Mapped[str] = mapped_column(Text)
    lead: Mapped[str] = mapped_column(String(255), default="")
    partners: Mapped[str] = mapped_column(Text, default="")
    start_on: Mapped[date | None] = mapped_column(default=None)
    due_on: Mapped[date | None] = mapped_column(default=None)
    revised_due_on: Mapped[date | None] = mapped_column(default=None)
    measure: Mapped[str] = mapped_column(Text, default="")  # measure / success criteria
    evidence: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=NOT_STARTED, index=True)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    priority: Mapped[Priority] = relationship(back_populates="actions")
    updates: Mapped[list[ProgressUpdate]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ProgressUpdate.created_at")
    items: Mapped[list[FeedbackItem]] = relationship(secondary=item_actions, back_populates="actions")


class ProgressUpdate(db.Model):
    """A dated status change or progress note on an action."""

    __tablename__ = "progress_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status_from: Mapped[str] = mapped_column(String(20), default="")
    status_to: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    action: Mapped[Action] = relationship(back_populates="updates")
    author: Mapped[User | None] = relationship()


class YouSaidWeDid(db.Model):
    """A "You said, we did" entry: what people told us and what changed."""

    __tablename__ = "you_said_we_did"

    id: Mapped[int] = mapped_column(primary_key=True)
    theme: Mapped[str] = mapped_column(String(30), index=True)
    you_said: Mapped[str] = mapped_column(Text)
    people_count: Mapped[int] = mapped_column(default=0)  # for comments from other channels
    channel: Mapped[str] = mapped_column(String(100), default="")  # e.g. "coffee morning", "email"
    we_did: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(255), default="")
    decided_on: Mapped[date | None] = mapped_column(default=None)
    outcome: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[str] = mapped_column(String(20), default=ENTRY_DRAFT, index=True)
    published_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    notified_at: Mapped[datetime | None] = mapped_column(default=None)  # raisers and followers told, once
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    items: Mapped[list[FeedbackItem]] = relationship(secondary=entry_items)
    actions: Mapped[list[Action]] = relationship(secondary=entry_actions)
