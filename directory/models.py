"""Directory models, aligned with Open Referral UK 3.0 (UUID keys for everything the API exposes)."""
from __future__ import annotations

import uuid
from datetime import date, datetime, time

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models import utcnow

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
