"""Content in other languages: translations of listings, organisations, taxonomy terms and (registered by
feedback) "You said, we did" entries and the action plan, with the rules for writing them and for showing them.

Rules held here (routes only parse and render):
- English is the source. A translation is of one field of one record in one interface language.
- A translation records a fingerprint of the English it was made from; when the English changes,
  the translation still shows but "may be out of date".
- Only officers can mark a translation as checked by a fluent speaker. Anything a provider saves is
  unchecked, and is shown with a "Translated, not yet checked" note (no review queue: the note is
  the honest state, and officers can check it at any time).
- A reader sees their language where a translation exists, otherwise the English, marked as English.

Kinds of record are registered (`register_kind`), so feedback can add its own without this module
importing feedback (directory never imports feedback).
"""
from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from babel import Locale
from flask import current_app, g, has_request_context, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, event, select

from portal.extensions import db
from portal.models import OFFICER, User
from portal.services import record_audit

from .models import (CATEGORY, CONTENT_ORGANISATION, CONTENT_SERVICE, CONTENT_TERM, NEED, PUBLISHED,
                     ContentTranslation, Organisation, Service, TaxonomyTerm)

SOURCE_LANGUAGE = "en"
MAX_LENGTHS = {"name": 300, "title": 500, "summary": 1000}
DEFAULT_MAX_LENGTH = 20_000


class TranslationError(ValueError):
    """A translation could not be saved; the message is for the person."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ContentKind:
    """A kind of record whose text can be translated."""

    name: str  # stored in ContentTranslation.kind, e.g. "service"
    label: object  # plural, for officers' pages, e.g. "Listings"
    fields: dict  # field name -> label, in the order editors show them
    get: Callable[[str], object | None]  # one record by its id as text
    records: Callable[[], list]  # the records the public sees, for coverage and exports
    title: Callable[[object], str]  # the record's English name, to tell records apart
    multiline: frozenset = frozenset()  # fields edited in a tall box and shown as paragraphs
    public_url: Callable[[object], str] | None = None
    model: type | None = None  # when a record of this model is deleted, its translations go too

    def key(self, record) -> str:
        """The record's id as text, as stored in ContentTranslation.object_id."""
        return str(record.id)

    def english(self, record, field_name: str) -> str:
        """The record's English text for a field."""
        return getattr(record, field_name, "") or ""


KINDS: dict[str, ContentKind] = {}


def register_kind(kind: ContentKind) -> None:
    """Make a kind of record translatable (registering again replaces it)."""
    KINDS[kind.name] = kind
    _listen_for_deletes()


_listening = False


def _listen_for_deletes() -> None:
    """Translations have no foreign key (one table serves every kind): delete them with their record."""
    global _listening
    if not _listening:
        event.listen(db.session, "before_flush", _forget_deleted)
        _listening = True


def _forget_deleted(session, flush_context, instances) -> None:
    by_model = {kind.model: kind for kind in KINDS.values() if kind.model is not None}
    for record in list(session.deleted):
        kind = by_model.get(type(record))
        if kind is not None:
            session.execute(delete(ContentTranslation).where(
                ContentTranslation.kind == kind.name, ContentTranslation.object_id == kind.key(record)))


def kind_of(name: str) -> ContentKind | None:
    """A registered kind by name, or None."""
    return KINDS.get(name)


# ---------------------------------------------------------------------------------------------------------
# Languages and fingerprints
# ---------------------------------------------------------------------------------------------------------

def target_languages() -> list[str]:
    """The languages content can be translated into: every interface language but English."""
    return [code for code in current_app.config["LANGUAGES"] if code != SOURCE_LANGUAGE]


def is_target_language(code: str | None) -> bool:
    """True if CODE is a language content can be translated into."""
    return bool(code) and code in target_languages()


def language_label(code: str, locale=None) -> str:
    """A language's name for the person reading (their locale), with its own name when that differs:
    "Turkish (Türkçe)"."""
    try:
        language = Locale.parse(code)
        own = language.get_display_name(code) or code
        name = language.get_display_name(locale or SOURCE_LANGUAGE) or own
    except (ValueError, TypeError):
        return code
    own = own[:1].upper() + own[1:]
    name = name[:1].upper() + name[1:]
    return name if name == own else f"{name} ({own})"


def is_rtl(code: str) -> bool:
    """True for right-to-left languages."""
    try:
        return Locale.parse(code).text_direction == "rtl"
    except (ValueError, TypeError):
        return False


def source_hash(text: str | None) -> str:
    """A fingerprint of English text; spacing and line-break changes alone do not change it."""
    return hashlib.sha256(" ".join((text or "").split()).encode("utf-8")).hexdigest()


def clean_text(text: str | None) -> str:
    """Text as stored: trimmed, with one kind of line break."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


# ---------------------------------------------------------------------------------------------------------
# Reading and writing
# ---------------------------------------------------------------------------------------------------------

def translations_for(kind: str, object_id, language: str) -> dict[str, ContentTranslation]:
    """A record's translations in one language, by field."""
    rows = db.session.scalars(select(ContentTranslation).where(
        ContentTranslation.kind == kind, ContentTranslation.object_id == str(object_id),
        ContentTranslation.language == language))
    return {row.field: row for row in rows}


def translations_of_record(kind: str, object_id) -> dict[str, dict[str, ContentTranslation]]:
    """A record's translations in every language: language -> field -> translation."""
    out: dict[str, dict[str, ContentTranslation]] = defaultdict(dict)
    for row in db.session.scalars(select(ContentTranslation).where(
            ContentTranslation.kind == kind, ContentTranslation.object_id == str(object_id))):
        out[row.language][row.field] = row
    return dict(out)


def is_out_of_date(row: ContentTranslation, english: str) -> bool:
    """True when the English has changed since this translation was made."""
    return row.source_hash != source_hash(english)


def _check(kind: ContentKind, language: str, field_name: str, text: str) -> None:
    if not is_target_language(language):
        raise TranslationError(str(_l("Choose a language to translate into")))
    if field_name not in kind.fields:
        raise TranslationError(str(_l("That part of the record cannot be translated")))
    limit = MAX_LENGTHS.get(field_name, DEFAULT_MAX_LENGTH)
    if len(text) > limit:
        raise TranslationError(str(_l("%(field)s must be %(max)s characters or fewer",
                                      field=kind.fields[field_name], max=f"{limit:,}")), field_name)


def stage_translation(user: User | None, kind: ContentKind, record, language: str, field_name: str, text: str,
           reviewed: bool, english: str | None = None) -> str:
    """Stage one field's translation; returns "added", "changed", "removed" or "unchanged". No commit."""
    text = clean_text(text)
    _check(kind, language, field_name, text)
    object_id = kind.key(record)
    fingerprint = source_hash(kind.english(record, field_name) if english is None else english)
    row = db.session.scalar(select(ContentTranslation).where(
        ContentTranslation.kind == kind.name, ContentTranslation.object_id == object_id,
        ContentTranslation.language == language, ContentTranslation.field == field_name))
    if not text:
        if row is None:
            return "unchanged"
        db.session.delete(row)
        outcome = "removed"
    elif row is None:
        db.session.add(ContentTranslation(kind=kind.name, object_id=object_id, language=language,
                                          field=field_name, text=text, reviewed=reviewed,
                                          source_hash=fingerprint, updated_by_id=user.id if user else None))
        outcome = "added"
    else:
        if row.text == text and row.source_hash == fingerprint and row.reviewed == reviewed:
            return "unchanged"
        row.text, row.source_hash, row.reviewed = text, fingerprint, reviewed
        row.updated_by_id = user.id if user else None
        outcome = "changed"
    record_audit(user, f"translation.{outcome}", kind.name, object_id,
                 after={"language": language, "field": field_name, "reviewed": reviewed})
    return outcome


def may_mark_reviewed(user: User | None) -> bool:
    """Only officers say a fluent speaker has checked a translation."""
    return bool(user is not None and user.is_authenticated and user.has_role(OFFICER))


def set_translation(user: User | None, kind: str, record, language: str, field_name: str, text: str,
                    reviewed: bool = False) -> str:
    """Save one field's translation (empty text removes it); returns what happened, e.g. "added"."""
    found = _kind_or_error(kind)
    outcome = stage_translation(user, found, record, language, field_name, text, reviewed and may_mark_reviewed(user))
    db.session.commit()
    return outcome


def save_translations(user: User | None, kind: str, record, language: str, values: dict[str, str],
                      reviewed: bool = False) -> dict[str, str]:
    """Save a record's translation into one language, every field at once (all or nothing).

    Translations saved by someone who is not an officer are always unchecked.
    """
    found = _kind_or_error(kind)
    reviewed = reviewed and may_mark_reviewed(user)
    for field_name, text in values.items():  # every field checked before anything is written
        _check(found, language, field_name, clean_text(text))
    outcomes = {}
    try:
        for field_name, text in values.items():
            outcomes[field_name] = stage_translation(user, found, record, language, field_name, text, reviewed)
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()
    return outcomes


def _kind_or_error(name: str) -> ContentKind:
    found = KINDS.get(name)
    if found is None:
        raise TranslationError(str(_l("That kind of record cannot be translated")))
    return found


# ---------------------------------------------------------------------------------------------------------
# What a reader sees
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LocalText:
    """One field as a reader sees it: their language, or the English when there is no translation."""

    text: str
    fallback: bool = False  # English shown in place of the reader's language
    unreviewed: bool = False  # translated, not yet checked by a fluent speaker
    out_of_date: bool = False  # the English changed after it was translated
    rtl_page: bool = False

    @property
    def lang(self) -> str | None:
        """The lang attribute the text needs (only English inside another language's page)."""
        return SOURCE_LANGUAGE if self.fallback else None

    @property
    def dir(self) -> str | None:
        """The dir attribute the text needs (English inside a right-to-left page)."""
        return "ltr" if self.fallback and self.rtl_page else None

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


@dataclass(frozen=True)
class Notes:
    """What to tell the reader about a section of a page."""

    only_english: bool = False
    unreviewed: bool = False
    out_of_date: bool = False

    def __bool__(self) -> bool:
        return self.only_english or self.unreviewed or self.out_of_date


def notes_for(texts: Iterable[LocalText | None]) -> Notes:
    """The notes a section needs for the texts shown in it (empty texts say nothing)."""
    shown = [t for t in texts if t]
    return Notes(only_english=any(t.fallback for t in shown), unreviewed=any(t.unreviewed for t in shown),
                 out_of_date=any(t.out_of_date for t in shown))


class Localised:
    """A record's translatable fields in one language: `loc.summary` is a LocalText."""

    def __init__(self, kind: ContentKind, record, language: str, rows: dict[str, ContentTranslation]):
        self._kind, self._record, self._language, self._rows = kind, record, language, rows
        self._cache: dict[str, LocalText] = {}

    @property
    def language(self) -> str:
        return self._language

    @property
    def record(self):
        return self._record

    def field(self, name: str) -> LocalText:
        """One field as the reader sees it."""
        found = self._cache.get(name)
        if found is None:
            found = self._cache[name] = self._make(name)
        return found

    def _make(self, name: str) -> LocalText:
        english = self._kind.english(self._record, name)
        if self._language == SOURCE_LANGUAGE or not english:
            return LocalText(english)
        rtl = is_rtl(self._language)
        row = self._rows.get(name)
        if row is None or not row.text:
            return LocalText(english, fallback=True, rtl_page=rtl)
        return LocalText(row.text, unreviewed=not row.reviewed, out_of_date=is_out_of_date(row, english),
                         rtl_page=rtl)

    def notes(self, *names: str) -> Notes:
        """The notes a section showing these fields needs."""
        return notes_for(self.field(name) for name in names)

    def untranslated(self) -> bool:
        """True when none of it is in the reader's language: every field with text is the English."""
        shown = [self.field(name) for name in self._kind.fields if self.field(name)]
        return bool(shown) and all(text.fallback for text in shown)

    def __getattr__(self, name: str) -> LocalText:
        if name.startswith("_") or name not in self._kind.fields:
            raise AttributeError(name)
        return self.field(name)

    def __getitem__(self, name: str) -> LocalText:
        return self.field(name)


_REQUEST_CACHE = "content_translations"


def _cache() -> dict | None:
    """Translations already read in this request: (kind, language, object id) -> rows by field."""
    if not has_request_context():
        return None  # outside a request nothing is kept, so a later write is always seen
    found = g.get(_REQUEST_CACHE)
    if found is None:
        found = {}
        setattr(g, _REQUEST_CACHE, found)
    return found


def _rows_for(kind: str, language: str, object_ids: list[str]) -> dict[str, dict[str, ContentTranslation]]:
    """Translations of several records in one language, one query for those not already read."""
    cache = _cache()
    if cache is None:
        cache = {}
    # Terms are few and on many pages: all of a language's are read at once, once a request.
    everything = (kind, language, "*")
    if kind == CONTENT_TERM and everything not in cache:
        for row in db.session.scalars(select(ContentTranslation).where(
                ContentTranslation.kind == kind, ContentTranslation.language == language)):
            cache.setdefault((kind, language, row.object_id), {})[row.field] = row
        cache[everything] = True
    if everything in cache:
        return {object_id: cache.get((kind, language, object_id), {}) for object_id in object_ids}
    missing = [object_id for object_id in object_ids if (kind, language, object_id) not in cache]
    if missing:
        for object_id in missing:
            cache[(kind, language, object_id)] = {}
        for row in db.session.scalars(select(ContentTranslation).where(
                ContentTranslation.kind == kind, ContentTranslation.language == language,
                ContentTranslation.object_id.in_(missing))):
            cache[(kind, language, row.object_id)][row.field] = row
    return {object_id: cache[(kind, language, object_id)] for object_id in object_ids}


def reader_language() -> str:
    """The language the reader is reading in (English outside a request)."""
    if not has_request_context():
        return SOURCE_LANGUAGE
    from portal.i18n import current_language
    return current_language()


def localise(record, kind: str = CONTENT_SERVICE, language: str | None = None) -> Localised:
    """A record as a reader of LANGUAGE (default: the current reader) sees it."""
    return localise_all([record], kind, language)[0]


def localise_all(records: Iterable, kind: str = CONTENT_SERVICE, language: str | None = None) -> list[Localised]:
    """Several records as a reader sees them, their translations read in one query."""
    records = list(records)
    found = _kind_or_error(kind)
    language = language or reader_language()
    if language == SOURCE_LANGUAGE or not records:
        return [Localised(found, record, SOURCE_LANGUAGE, {}) for record in records]
    rows = _rows_for(kind, language, [found.key(record) for record in records])
    return [Localised(found, record, language, rows.get(found.key(record), {})) for record in records]


def localise_term(term: TaxonomyTerm, language: str | None = None) -> Localised:
    """A taxonomy term as a reader sees it."""
    return localise(term, CONTENT_TERM, language)


def localise_organisation(organisation: Organisation, language: str | None = None) -> Localised:
    """An organisation (its name and description) as a reader sees it."""
    return localise(organisation, CONTENT_ORGANISATION, language)


def localise_services(services: Iterable[Service], language: str | None = None) -> list[Localised]:
    """Listings as a reader sees them, with their organisations' translations read too (two queries),
    for pages and documents that show each listing's organisation."""
    services = list(services)
    organisations = list({service.organisation_id: service.organisation for service in services}.values())
    localise_all(organisations, CONTENT_ORGANISATION, language)
    return localise_all(services, CONTENT_SERVICE, language)


# The parts of a listing taken away on a shortlist, its print view, PDF and email (the description stays on
# the listing's page): what their notes are about.
TAKEAWAY_FIELDS = ("name", "summary", "eligibility", "how_to_access", "easy_read_summary")


@dataclass(frozen=True)
class TakeawayListing:
    """A listing as a shortlist, PDF or email shows it, in one reader's language."""

    service: Service
    loc: Localised
    organisation: LocalText
    categories: list[LocalText]
    needs: list[LocalText]

    @property
    def only_english(self) -> bool:
        """Nothing of the listing is in the reader's language: say so once, not section by section."""
        return self.loc.untranslated()

    @property
    def notes(self) -> Notes:
        """What to tell the reader about the listing's text (nothing more when it is all English)."""
        if self.only_english:
            return Notes()
        return notes_for([*(self.loc.field(name) for name in TAKEAWAY_FIELDS), *self.categories, *self.needs])


def takeaway_listings(services: Iterable[Service], language: str | None = None) -> list[TakeawayListing]:
    """Listings with everything a shortlist shows of them in the reader's language (or English, marked)."""
    services = list(services)
    language = language or reader_language()
    out = []
    for service, loc in zip(services, localise_services(services, language)):
        out.append(TakeawayListing(
            service, loc, localise_organisation(service.organisation, language).name,
            [localise_term(term, language).name for term in service.categories],
            [localise_term(term, language).name for term in service.needs]))
    return out


# ---------------------------------------------------------------------------------------------------------
# Coverage: which records lack which languages
# ---------------------------------------------------------------------------------------------------------

COMPLETE, PARTIAL, MISSING = "complete", "partial", "missing"


@dataclass
class LanguageState:
    """How far one record is translated into one language."""

    state: str = MISSING  # COMPLETE, PARTIAL or MISSING
    translated: int = 0  # fields with a translation
    needed: int = 0  # fields with English text
    out_of_date: int = 0
    unreviewed: int = 0

    @property
    def lacking(self) -> bool:
        """Something to do: not translated, partly translated, or out of date."""
        return self.state != COMPLETE or self.out_of_date > 0


@dataclass
class CoverageRow:
    kind: ContentKind
    record: object
    languages: dict[str, LanguageState]

    @property
    def title(self) -> str:
        return self.kind.title(self.record)

    @property
    def object_id(self) -> str:
        return self.kind.key(self.record)

    def lacking(self) -> list[str]:
        """The languages this record lacks (missing, partial or out of date)."""
        return [language for language, state in self.languages.items() if state.lacking]


@dataclass
class Coverage:
    languages: list[str]
    rows: list[CoverageRow]
    # language -> {"complete": n, "partial": n, "missing": n, "out_of_date": n, "unreviewed": n}
    totals: dict[str, dict[str, int]] = field(default_factory=dict)


def _state(kind: ContentKind, record, rows: dict[str, ContentTranslation]) -> LanguageState:
    state = LanguageState()
    for field_name in kind.fields:
        english = kind.english(record, field_name)
        if not english:
            continue
        state.needed += 1
        row = rows.get(field_name)
        if row is None or not row.text:
            continue
        state.translated += 1
        state.out_of_date += is_out_of_date(row, english)
        state.unreviewed += not row.reviewed
    if state.needed and state.translated >= state.needed:
        state.state = COMPLETE
    elif state.translated:
        state.state = PARTIAL
    return state


def coverage(kind: str = CONTENT_SERVICE, languages: list[str] | None = None) -> Coverage:
    """For every public record of a kind (published listings by default), how far each language is done."""
    found = _kind_or_error(kind)
    languages = languages or target_languages()
    records = found.records()
    by_record: dict[str, dict[str, dict[str, ContentTranslation]]] = defaultdict(lambda: defaultdict(dict))
    for row in db.session.scalars(select(ContentTranslation).where(
            ContentTranslation.kind == kind, ContentTranslation.language.in_(languages))):
        by_record[row.object_id][row.language][row.field] = row
    rows = []
    totals = {language: {COMPLETE: 0, PARTIAL: 0, MISSING: 0, "out_of_date": 0, "unreviewed": 0}
              for language in languages}
    for record in records:
        translated = by_record.get(found.key(record), {})
        states = {language: _state(found, record, translated.get(language, {})) for language in languages}
        for language, state in states.items():
            totals[language][state.state] += 1
            totals[language]["out_of_date"] += state.out_of_date > 0
            totals[language]["unreviewed"] += state.unreviewed > 0
        rows.append(CoverageRow(found, record, states))
    return Coverage(languages, rows, totals)


def lacking_languages(service: Service, languages: list[str] | None = None) -> list[str]:
    """The languages a listing lacks (not translated, partly translated, or out of date)."""
    kind = KINDS[CONTENT_SERVICE]
    translated = translations_of_record(CONTENT_SERVICE, service.id)
    return [language for language in (languages or target_languages())
            if _state(kind, service, translated.get(language, {})).lacking]


def record_states(kind: str, record, languages: list[str] | None = None) -> dict[str, LanguageState]:
    """How far one record is translated into each language."""
    found = _kind_or_error(kind)
    translated = translations_of_record(kind, found.key(record))
    return {language: _state(found, record, translated.get(language, {}))
            for language in (languages or target_languages())}


# ---------------------------------------------------------------------------------------------------------
# The directory's own kinds
# ---------------------------------------------------------------------------------------------------------

SERVICE_FIELDS = {
    "name": _l("Name"),
    "summary": _l("Summary"),
    "description": _l("Description"),
    "eligibility": _l("Who can use it"),
    "how_to_access": _l("How to access"),
    "easy_read_summary": _l("Easy read summary"),
}
TERM_FIELDS = {"name": _l("Name"), "description": _l("Description")}
ORGANISATION_FIELDS = {"name": _l("Name"), "description": _l("Description")}


def _service(object_id: str) -> Service | None:
    try:
        return db.session.get(Service, uuid.UUID(object_id))
    except (ValueError, TypeError, AttributeError):
        return None


def _published_services() -> list[Service]:
    return list(db.session.scalars(select(Service).where(Service.status == PUBLISHED).order_by(Service.name)))


def _term(object_id: str) -> TaxonomyTerm | None:
    try:
        return db.session.get(TaxonomyTerm, uuid.UUID(object_id))
    except (ValueError, TypeError, AttributeError):
        return None


def _terms() -> list[TaxonomyTerm]:
    """Every term, categories and needs first (families see those most)."""
    order = {CATEGORY: 0, NEED: 1}
    terms = db.session.scalars(select(TaxonomyTerm).order_by(TaxonomyTerm.position)).all()
    return sorted(terms, key=lambda t: (order.get(t.vocabulary, 2), t.vocabulary, t.position))


def _organisation(object_id: str) -> Organisation | None:
    try:
        return db.session.get(Organisation, uuid.UUID(object_id))
    except (ValueError, TypeError, AttributeError):
        return None


def _public_organisations() -> list[Organisation]:
    """Organisations with a published listing: the ones families see."""
    published = select(Service.organisation_id).where(Service.status == PUBLISHED)
    return list(db.session.scalars(select(Organisation).where(Organisation.id.in_(published))
                                   .order_by(Organisation.name)))


def _organisation_url(organisation: Organisation) -> str:
    return url_for("directory.organisation", org_id=organisation.id)


def _service_url(service: Service) -> str:
    return url_for("directory.service", service_id=service.id)


register_kind(ContentKind(
    name=CONTENT_SERVICE, label=_l("Listings"), fields=SERVICE_FIELDS, get=_service, records=_published_services,
    title=lambda service: service.name, multiline=frozenset({"description", "eligibility", "how_to_access",
                                                              "easy_read_summary"}),
    public_url=_service_url, model=Service))
register_kind(ContentKind(
    name=CONTENT_ORGANISATION, label=_l("Organisations"), fields=ORGANISATION_FIELDS, get=_organisation,
    records=_public_organisations, title=lambda organisation: organisation.name,
    multiline=frozenset({"description"}), public_url=_organisation_url, model=Organisation))
register_kind(ContentKind(
    name=CONTENT_TERM, label=_l("Categories and needs"), fields=TERM_FIELDS, get=_term, records=_terms,
    title=lambda term: term.name, multiline=frozenset({"description"}), model=TaxonomyTerm))
