"""Directory forms. The search form is read from the query string (GET, shareable, no CSRF)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import Field, Form, IntegerField, StringField
from wtforms.validators import NumberRange, Optional, ValidationError

from portal.paging import MAX_PAGE

from . import geo
from .models import CATEGORY, DELIVERY_MODES, NEED
from .search import SORTS
from .taxonomy import codes

MAX_QUERY_LENGTH = 200
MAX_AGE = 25


class TolerantIntegerField(IntegerField):
    """An IntegerField whose error says what to type, not Python's "Not a valid integer value"."""

    def __init__(self, *args, invalid_message=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError:
            self.data = None
            raise ValueError(self.invalid_message or _l("Enter a whole number")) from None


class KnownChoicesField(Field):
    """A repeated query parameter whose values must come from a fixed list (unknown ones are dropped)."""

    def __init__(self, *args, invalid_message=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message
        self.allowed: list[str] = []

    def process_formdata(self, valuelist):
        self.data = [value.strip() for value in valuelist if value.strip()]

    def pre_validate(self, form):
        unknown = [value for value in (self.data or []) if value not in self.allowed]
        if unknown:
            self.data = [value for value in self.data if value in self.allowed]
            raise ValidationError(self.invalid_message)


class YesField(StringField):
    """A checkbox filter in a GET form: present with any of a few truthy values means yes."""

    def process_formdata(self, valuelist):
        self.data = bool(valuelist) and valuelist[-1].strip().lower() in {"1", "yes", "true", "on", "y"}


class SearchForm(Form):
    q = StringField(_l("Search for a service"))
    category = KnownChoicesField(_l("Type of support"), invalid_message=_l("Choose a type of support from the list"))
    need = KnownChoicesField(_l("Special educational need or disability"),
                             invalid_message=_l("Choose a need from the list"))
    age = TolerantIntegerField(
        _l("Age of the child or young person"),
        validators=[Optional(), NumberRange(min=0, max=MAX_AGE, message=_l("Enter an age from 0 to 25"))],
        invalid_message=_l("Enter the age in years as a number, like 9"),
    )
    free = YesField(_l("Free services only"))
    self_referral = YesField(_l("You can refer yourself"))
    delivery = KnownChoicesField(_l("How it is provided"), invalid_message=_l("Choose how the service is provided"))
    postcode = StringField(_l("Postcode"))
    sort = StringField(_l("Sort by"), default="relevance")
    page = TolerantIntegerField(_l("Page"), invalid_message=_l("Enter a page number"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.allowed = codes(CATEGORY)
        self.need.allowed = codes(NEED)
        self.delivery.allowed = list(DELIVERY_MODES)
        self.origin = None  # set by validate_postcode
        self.postcode_point = None

    def validate_q(self, field):
        if field.data and len(field.data) > MAX_QUERY_LENGTH:
            field.data = field.data[:MAX_QUERY_LENGTH]
            raise ValidationError(_l("Search words must be %(max)d characters or fewer. "
                                     "We searched for the first %(max)d.", max=MAX_QUERY_LENGTH))

    def validate_postcode(self, field):
        text = (field.data or "").strip()
        if not text:
            return
        if geo.normalise_postcode(text) is None:
            raise ValidationError(_l("Enter a full postcode, like E8 1DY"))
        point = geo.lookup(text)
        if point is None:
            raise ValidationError(_l("We could not find that postcode. Check it, or search without a postcode"))
        self.postcode_point = point
        self.origin = (point.latitude, point.longitude)

    def validate_sort(self, field):
        if not field.data:
            field.data = "relevance"
        elif field.data not in SORTS:
            field.data = "relevance"
            raise ValidationError(_l("Choose how to sort the results from the list"))

    def validate_page(self, field):
        if field.data is not None and field.data < 1:
            field.data = 1
            raise ValidationError(_l("Page numbers start at 1. Showing the first page"))

    def to_query(self, per_page: int):
        """The SearchQuery for the valid parts of the form; fields with errors are left out."""
        from .search import SearchQuery

        def ok(field):
            return not field.errors

        sort = self.sort.data if ok(self.sort) else "relevance"
        if sort == "distance" and self.origin is None:
            sort = "relevance"
        return SearchQuery(
            text=(self.q.data or "").strip()[:MAX_QUERY_LENGTH],
            categories=list(dict.fromkeys(self.category.data or [])),
            needs=list(dict.fromkeys(self.need.data or [])),
            age=self.age.data if ok(self.age) else None,
            free=bool(self.free.data),
            self_referral=bool(self.self_referral.data),
            delivery=list(dict.fromkeys(self.delivery.data or [])),
            origin=self.origin,
            sort=sort,
            # Past the last page shows no results either way; the cap keeps the offset within a database integer.
            page=min(self.page.data, MAX_PAGE) if ok(self.page) and self.page.data else 1,
            per_page=per_page,
        )
