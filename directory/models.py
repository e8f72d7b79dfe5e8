"""Directory models, aligned with Open Referral UK 3.0 (UUID keys for everything the API exposes)."""
from __future__ import annotations

import uuid
from datetime import date, datetime, time

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models import User, utcnow

# Vocabularies held as taxonomy terms.
CATEGORY = "category"
NEED = "need"
ACCESSIBILITY = "accessibility"
AGE_BAND = "age_band"
VOCABULARIES = (CATEGORY, NEED, ACCESSIBILITY, AGE_BAND)

# Listing states.
DRAFT, PENDING, PUBLISHED, ARCHIVED = "draft", "pending", "published", "archived"
STATUSES = (DRAFT, PENDING, PUBLISHED, ARCHIVED)

# Where a service is delivered; a service may offer several.
DELIVERY_MODES = ("in_person", "online", "home_visits")

# Area served.
AREA_LOCAL, AREA_OUTSIDE, AREA_NATIONAL = "local", "outside", "national"
AREAS = (AREA_LOCAL, AREA_OUTSIDE, AREA_NATIONAL)

service_terms = Table(
    "service_terms",
    db.metadata,
    Column("service_id", Uuid, ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", Uuid, ForeignKey("taxonomy_terms.id", ondelete="CASCADE"), primary_key=True),
    # A term's services in id order, without reading the services table: related_services' candidates.
    Index("ix_service_terms_term_id_service_id", "term_id", "service_id"),
)

service_locations = Table(
    "service_locations",
    db.metadata,
    Column("service_id", Uuid, ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
    Column("location_id", Uuid, ForeignKey("locations.id", ondelete="CASCADE"), primary_key=True),
)

location_terms = Table(
    "location_terms",
    db.metadata,
    Column("location_id", Uuid, ForeignKey("locations.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", Uuid, ForeignKey("taxonomy_terms.id", ondelete="CASCADE"), primary_key=True),
)


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    services: Mapped[list[Service]] = relationship(back_populates="organisation", order_by="Service.name")
    locations: Mapped[list[Location]] = relationship(back_populates="organisation")


class TaxonomyTerm(db.Model):
    """A term in one vocabulary (category, SEND need, accessibility feature, age band)."""

    __tablename__ = "taxonomy_terms"
    __table_args__ = (Index("ix_taxonomy_terms_vocabulary_code", "vocabulary", "code", unique=True),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    vocabulary: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(80))  # stable slug used in URLs and search filters
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)


class Service(db.Model):
    __tablename__ = "services"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    summary: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    easy_read_summary: Mapped[str] = mapped_column(Text, default="")
    eligibility: Mapped[str] = mapped_column(Text, default="")
    how_to_access: Mapped[str] = mapped_column(Text, default="")
    self_referral: Mapped[bool] = mapped_column(default=False)
    professional_referral: Mapped[bool] = mapped_column(default=False)
    ehc_plan_required: Mapped[bool] = mapped_column(default=False)
    is_free: Mapped[bool] = mapped_column(default=True)
    cost_detail: Mapped[str] = mapped_column(Text, default="")
    age_min: Mapped[int] = mapped_column(default=0)
    age_max: Mapped[int] = mapped_column(default=25)
    # Subset of DELIVERY_MODES, e.g. ["in_person", "online"].
    delivery: Mapped[list[str]] = mapped_column(JSON, default=list)
    area_served: Mapped[str] = mapped_column(String(20), default=AREA_LOCAL)
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20), default=DRAFT, index=True)
    assured_on: Mapped[date | None] = mapped_column(default=None)  # "last checked on"
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)

    organisation: Mapped[Organisation] = relationship(back_populates="services")
    terms: Mapped[list[TaxonomyTerm]] = relationship(secondary=service_terms, order_by=TaxonomyTerm.position)
    locations: Mapped[list[Location]] = relationship(secondary=service_locations, back_populates="services")
    schedules: Mapped[list[Schedule]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="Schedule.weekday"
    )
    languages: Mapped[list[ServiceLanguage]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="ServiceLanguage.name"
    )

    def terms_in(self, vocabulary: str) -> list[TaxonomyTerm]:
        """This service's terms from one vocabulary, in display order."""
        return [t for t in self.terms if t.vocabulary == vocabulary]

    @property
    def categories(self) -> list[TaxonomyTerm]:
        return self.terms_in(CATEGORY)

    @property
    def needs(self) -> list[TaxonomyTerm]:
        return self.terms_in(NEED)

    @property
    def is_published(self) -> bool:
        return self.status == PUBLISHED


class Location(db.Model):
    __tablename__ = "locations"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    address_1: Mapped[str] = mapped_column(String(255), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    latitude: Mapped[float | None] = mapped_column(default=None)
    longitude: Mapped[float | None] = mapped_column(default=None)

    organisation: Mapped[Organisation | None] = relationship(back_populates="locations")
    services: Mapped[list[Service]] = relationship(secondary=service_locations, back_populates="locations")
    accessibility: Mapped[list[TaxonomyTerm]] = relationship(secondary=location_terms, order_by=TaxonomyTerm.position)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Schedule(db.Model):
    """Opening times: one row per weekday and time range (ORUK schedule, weekly)."""

    __tablename__ = "schedules"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("locations.id"), default=None)
    weekday: Mapped[int] = mapped_column()  # 0 = Monday … 6 = Sunday
    opens_at: Mapped[time | None] = mapped_column(default=None)
    closes_at: Mapped[time | None] = mapped_column(default=None)
    description: Mapped[str] = mapped_column(String(255), default="")  # e.g. "term time only"

    service: Mapped[Service] = relationship(back_populates="schedules")


class ServiceLanguage(db.Model):
    """A language the service's staff speak, including British Sign Language."""

    __tablename__ = "service_languages"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(10))  # ISO 639 code, "bfi" for BSL
    name: Mapped[str] = mapped_column(String(80))

    service: Mapped[Service] = relationship(back_populates="languages")


class PostcodeCentroid(db.Model):
    """A postcode or outward code (district) and its centre, loaded by `flask geo import`."""

    __tablename__ = "postcode_centroids"

    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)  # upper case, no space
    latitude: Mapped[float] = mapped_column()
    longitude: Mapped[float] = mapped_column()


class SearchEvent(db.Model):
    """One search, for gap analysis. No IP address, no personal data."""

    __tablename__ = "search_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    query: Mapped[str] = mapped_column(String(200), default="")
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    locale: Mapped[str] = mapped_column(String(10), default="en")
    result_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


# Membership of an organisation (providers), decided by an officer.
MEMBERSHIP_PENDING, MEMBERSHIP_APPROVED, MEMBERSHIP_REFUSED = "pending", "approved", "refused"

# A revision's life: a provider edits it (open), submits it, an officer approves or returns it.
REVISION_OPEN, REVISION_SUBMITTED, REVISION_APPROVED, REVISION_RETURNED, REVISION_WITHDRAWN = (
    "open", "submitted", "approved", "returned", "withdrawn")

# "Is something wrong with this page?"
PROBLEM_KINDS = ("closed", "contact", "out_of_date", "other")
PROBLEM_NEW, PROBLEM_PASSED, PROBLEM_FIXED, PROBLEM_NO_CHANGE = "new", "passed", "fixed", "no_change"
PROBLEM_STATES = (PROBLEM_NEW, PROBLEM_PASSED, PROBLEM_FIXED, PROBLEM_NO_CHANGE)

# Freshness reminders, each sent once per listing per check cycle.
REMINDER_SOON, REMINDER_DUE, REMINDER_ESCALATED = "soon", "due", "escalated"


class Membership(db.Model):
    """A user's membership of an organisation; providers act only for organisations they are approved in."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=MEMBERSHIP_PENDING, index=True)
    # True when the user proposed the organisation itself (an officer checks it is real).
    proposed_organisation: Mapped[bool] = mapped_column(default=False)
    message: Mapped[str] = mapped_column(Text, default="")  # what the applicant told the officer
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    organisation: Mapped[Organisation] = relationship()


class ListingRevision(db.Model):
    """A proposed version of a listing (a whole snapshot), invisible to the public until approved."""

    __tablename__ = "listing_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    data: Mapped[dict] = mapped_column(JSON)  # see directory.snapshots
    base_version: Mapped[int] = mapped_column(default=0)  # the published version it was edited from; 0 = new
    status: Mapped[str] = mapped_column(String(20), default=REVISION_OPEN, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    reviewed_at: Mapped[datetime | None] = mapped_column(default=None)
    review_note: Mapped[str] = mapped_column(Text, default="")  # the officer's reason when sent back
    # Bumped by SQLAlchemy on every UPDATE, whose WHERE clause carries the count it read: of two people
    # saving the same draft at once, the second gets StaleDataError instead of silently overwriting.
    edit_count: Mapped[int] = mapped_column(default=1, server_default="1")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)

    service: Mapped[Service] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])

    __mapper_args__ = {"version_id_col": edit_count}


class ServiceVersion(db.Model):
    """Every published version of a listing, kept for history and restoring."""

    __tablename__ = "service_versions"
    __table_args__ = (UniqueConstraint("service_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column()
    data: Mapped[dict] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(String(255), default="")  # e.g. "Restored version 3"

    created_by: Mapped[User | None] = relationship()


class ProblemReport(db.Model):
    """A reader's "something is wrong with this page" report."""

    __tablename__ = "problem_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    details: Mapped[str] = mapped_column(Text, default="")
    reply_email: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[str] = mapped_column(String(20), default=PROBLEM_NEW, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    service: Mapped[Service] = relationship()


class ReminderSent(db.Model):
    """A freshness reminder already sent, so `flask reminders send` never sends it twice."""

    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("service_id", "kind", "cycle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    cycle: Mapped[date] = mapped_column()  # the assured_on date the reminder is about
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


# Kinds of record whose text can be translated (feedback registers its own kinds by name too).
CONTENT_SERVICE, CONTENT_TERM, CONTENT_ORGANISATION = "service", "term", "organisation"


class ContentTranslation(db.Model):
    """One field of one record in one language, e.g. a service's summary in Turkish.

    One table for every kind of record (listings, organisations, taxonomy terms, "You said, we did", the
    action plan), so editing, coverage, export and import work the same way for all of them. `object_id` is the
    record's id as text (UUIDs and integers alike). `source_hash` fingerprints the English the
    translation was made from: when the English changes, the translation "may be out of date".
    """

    __tablename__ = "content_translations"
    __table_args__ = (
        UniqueConstraint("kind", "object_id", "language", "field"),
        Index("ix_content_translations_kind_language", "kind", "language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    object_id: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(10))
    field: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text, default="")
    reviewed: Mapped[bool] = mapped_column(default=False)  # checked by a fluent speaker (officers only)
    source_hash: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)

    updated_by: Mapped[User | None] = relationship()


class SearchIndexChange(db.Model):
    """A service whose search index entry is out of date, noted in the same transaction as the change when the
    web workers may not write the Whoosh index (SEARCH_INDEX_WRITER=queue); `flask search index-worker`
    re-indexes it and deletes the row. No foreign key: a deleted service must still leave the index.
    A row with no service_id asks for the whole index to be rebuilt."""

    __tablename__ = "search_index_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
