"""Provider forms: sign-up, invitations, membership decisions, and one form per listing-editor page.

Checkboxes, radios and selects use small fields of our own (`ChecklistField`, `ChoiceField`) whose
options are plain (value, label) pairs set per form, so nothing relies on WTForms' deprecated tuple
`choices`; templates render them with the GOV.UK macros. A form shown again with errors keeps every
word the person typed (`shown_value`), except passwords.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from babel import Locale
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, FieldList, Form, FormField, PasswordField, StringField, TextAreaField
from wtforms.validators import InputRequired, StopValidation, ValidationError

from portal.i18n import weekday_name
from portal.passwords import MAX_LENGTH as PASSWORD_MAX_LENGTH

from . import geo
from .labels import AREA_LABELS, DELIVERY_LABELS
from .memberships import is_email_address
from .models import AREAS, DELIVERY_MODES

MAX_AGE = 25
MAX_LOCATIONS = 20

# Languages offered as checkboxes; anything else goes in "Other languages". Codes are ISO 639
# ("bfi" is British Sign Language); "mis" marks a language typed in that we have no code for.
LANGUAGE_LABELS = {
    "en": _l("English"),
    "bfi": _l("British Sign Language (BSL)"),
    "sq": _l("Albanian"),
    "ar": _l("Arabic"),
    "bn": _l("Bengali"),
    "yue": _l("Cantonese"),
    "fa": _l("Farsi (Persian)"),
    "fr": _l("French"),
    "gu": _l("Gujarati"),
    "hi": _l("Hindi"),
    "ku": _l("Kurdish"),
    "lt": _l("Lithuanian"),
    "cmn": _l("Mandarin"),
    "ps": _l("Pashto"),
    "pl": _l("Polish"),
    "pt": _l("Portuguese"),
    "pa": _l("Punjabi"),
    "ro": _l("Romanian"),
    "so": _l("Somali"),
    "es": _l("Spanish"),
    "ta": _l("Tamil"),
    "ti": _l("Tigrinya"),
    "tr": _l("Turkish"),
    "uk": _l("Ukrainian"),
    "ur": _l("Urdu"),
    "cy": _l("Welsh"),
    "yo": _l("Yoruba"),
}
UNCODED_LANGUAGE = "mis"

REFERRAL_FIELDS = ("self_referral", "professional_referral", "ehc_plan_required")
REFERRAL_LABELS = {
    "self_referral": _l("Families can refer themselves"),
    "professional_referral": _l("A professional can refer, for example a GP, health visitor or SENCO"),
    "ehc_plan_required": _l("An education, health and care (EHC) plan is needed"),
}
COST_LABELS = {"free": _l("Free"), "paid": _l("There is a cost")}

_PHONE_RE = re.compile(r"^[0-9 +()]+$")
_TIME_RE = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(value):
    """Text as typed, without control characters, surrounding spaces or Windows line endings."""
    if not isinstance(value, str):
        return value
    return _CONTROL_RE.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def shown_value(field) -> str:
    """What a text box shows: exactly what was typed if the form was sent, else the saved value."""
    if field.raw_data:
        return field.raw_data[0]
    return "" if field.data is None else str(field.data)


def error_items(form) -> list[tuple[str, str]]:
    """Every error in a form (nested ones too) as (field id, message), in field order, for the summary."""
    items = []
    for item in form:
        if isinstance(item, FieldList):
            for entry in item.entries:
                items.extend(error_items(entry.form) if isinstance(entry, FormField) else
                             [(entry.id, str(m)) for m in entry.errors])
        elif isinstance(item, FormField):
            items.extend(error_items(item.form))
        else:
            items.extend((item.id, str(message)) for message in item.errors)
    return items


class MaxChars:
    """Refuse text longer than `max` characters, with a message that says so in words."""

    def __init__(self, max: int, message):
        self.max, self.message = max, message

    def __call__(self, form, field):
        if field.data and len(field.data) > self.max:
            raise StopValidation(self.message)


def text_field(label, max_chars: int, too_long, required=None, area: bool = False):
    """A text box (or area) that strips what is typed and refuses text over the limit."""
    validators = [InputRequired(message=required)] if required else []
    validators.append(MaxChars(max_chars, too_long))
    cls = TextAreaField if area else StringField
    return cls(label, validators=validators, filters=[_clean])


class ChecklistField(Field):
    """Checkboxes: any number of values from `options`, a list of (value, label, hint)."""

    def __init__(self, label=None, validators=None, invalid_message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.invalid_message = invalid_message or _l("Choose from the list")
        self.options: list[tuple[str, object, object]] = []

    def process_data(self, value):
        self.data = list(value or [])

    def process_formdata(self, valuelist):
        self.data = list(dict.fromkeys(v.strip() for v in valuelist if v.strip()))

    def pre_validate(self, form):
        allowed = {value for value, _label, _hint in self.options}
        if any(value not in allowed for value in self.data):
            self.data = [value for value in self.data if value in allowed]
            raise StopValidation(self.invalid_message)


class ChoiceField(Field):
    """Radios or a select: exactly one value from `options`, a list of (value, label, hint)."""

    def __init__(self, label=None, validators=None, required_message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required_message = required_message or _l("Choose one option")
        self.options: list[tuple[str, object, object]] = []

    def process_data(self, value):
        self.data = value

    def process_formdata(self, valuelist):
        self.data = valuelist[0].strip() if valuelist and valuelist[0].strip() else None

    def pre_validate(self, form):
        if self.data not in {value for value, _label, _hint in self.options}:
            self.data = None
            raise StopValidation(self.required_message)


class AgeField(Field):
    """A whole number of years, 0 to 25; what was typed is kept for the page shown again."""

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message

    def process_data(self, value):
        self.data = value if isinstance(value, int) else None

    def process_formdata(self, valuelist):
        text = valuelist[0].strip() if valuelist else ""
        self.data = int(text) if text.isascii() and text.isdigit() and len(text) < 4 else None

    def pre_validate(self, form):
        if self.data is None or not 0 <= self.data <= MAX_AGE:
            raise StopValidation(self.message)


def _options(pairs) -> list[tuple[str, object, object]]:
    return [(value, label, None) for value, label in pairs]


def term_options(terms) -> list[tuple[str, object, object]]:
    """Checkbox options from taxonomy terms, their descriptions as hints."""
    return [(t.code, t.name, t.description or None) for t in terms]


# ---------------------------------------------------------------------------------------------------------
# Accounts and memberships
# ---------------------------------------------------------------------------------------------------------

def _password_field():
    return PasswordField(_l("Create a password"), validators=[
        InputRequired(message=_l("Enter a password")),
        MaxChars(PASSWORD_MAX_LENGTH, _l("Password must be %(max)d characters or fewer", max=PASSWORD_MAX_LENGTH)),
    ])


def _check_email(form, field):
    if field.data and not is_email_address(field.data):
        raise ValidationError(_l("Enter an email address in the correct format, like name@example.org"))


class SignUpForm(FlaskForm):
    name = text_field(_l("Your full name"), 200, _l("Your name must be 200 characters or fewer"),
                      required=_l("Enter your name"))
    email = text_field(_l("Your work email address"), 254, _l("Email address must be 254 characters or fewer"),
                       required=_l("Enter your email address"))
    password = _password_field()
    listed = ChoiceField(_l("Is your organisation already on the Local Offer?"),
                         required_message=_l("Select yes if your organisation is already on the Local Offer"))
    organisation = ChoiceField(_l("Your organisation"), required_message=_l("Choose your organisation from the list"))
    org_name = text_field(_l("Name of the organisation"), 255, _l("Name must be 255 characters or fewer"))
    org_website = text_field(_l("Website (optional)"), 500, _l("Website address must be 500 characters or fewer"))
    org_phone = text_field(_l("Phone number (optional)"), 50, _l("Phone number must be 50 characters or fewer"))
    org_email = text_field(_l("Email address (optional)"), 254, _l("Email address must be 254 characters or fewer"))
    message = text_field(_l("Anything the Local Offer team should know (optional)"), 1000,
                         _l("Your message must be 1,000 characters or fewer"), area=True)

    validate_email = staticmethod(_check_email)
    validate_org_email = staticmethod(_check_email)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.listed.options = _options([("yes", _l("Yes, choose it from the list")),
                                        ("no", _l("No, add my organisation"))])
        self.organisation.options = [(str(o.id), o.name, None) for o in organisations]

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        # Only the half of the form that applies is checked.
        proposing = (self.org_name, self.org_website, self.org_phone, self.org_email)
        if self.listed.data == "yes":
            for field in proposing:
                field.errors, field.data = [], ""
        else:
            self.organisation.errors = []
        if self.listed.data == "no":
            if not self.org_name.data and not self.org_name.errors:
                self.org_name.errors.append(_l("Enter the name of your organisation"))
            for check, field in ((website_problem, self.org_website), (phone_problem, self.org_phone)):
                problem = check(field.data) if field.data and not field.errors else None
                if problem:
                    field.errors.append(problem)
        return not any(field.errors for field in self)


class RefuseForm(FlaskForm):
    reason = text_field(_l("Why are you refusing this membership?"), 2000,
                        _l("The reason must be 2,000 characters or fewer"),
                        required=_l("Enter the reason, so the applicant knows what to do next"), area=True)


class InviteForm(FlaskForm):
    email = text_field(_l("Your colleague’s work email address"), 254,
                       _l("Email address must be 254 characters or fewer"),
                       required=_l("Enter your colleague’s email address"))
    validate_email = staticmethod(_check_email)


class InvitationSignUpForm(FlaskForm):
    name = text_field(_l("Your full name"), 200, _l("Your name must be 200 characters or fewer"),
                      required=_l("Enter your name"))
    password = _password_field()


# ---------------------------------------------------------------------------------------------------------
# Listing editor pages
# ---------------------------------------------------------------------------------------------------------

class NewListingForm(FlaskForm):
    organisation = ChoiceField(_l("Which organisation provides it?"),
                               required_message=_l("Choose the organisation that provides the service"))
    name = text_field(_l("Name of the service"), 255, _l("Name must be 255 characters or fewer"),
                      required=_l("Enter the name of the service"))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.options = [(str(o.id), o.name, None) for o in organisations]
        if len(organisations) == 1 and not self.organisation.data:
            self.organisation.data = str(organisations[0].id)


class AboutForm(FlaskForm):
    name = text_field(_l("Name of the service"), 255, _l("Name must be 255 characters or fewer"),
                      required=_l("Enter the name of the service"))
    summary = text_field(_l("Summary"), 500, _l("Summary must be 500 characters or fewer"), area=True)
    description = text_field(_l("Description"), 10000, _l("Description must be 10,000 characters or fewer"),
                             area=True)
    easy_read_summary = text_field(_l("Easy read summary (optional)"), 2000,
                                   _l("Easy read summary must be 2,000 characters or fewer"), area=True)
    categories = ChecklistField(_l("Type of support"), invalid_message=_l("Choose types of support from the list"))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.categories.options = term_options(categories)

    def changes(self) -> dict:
        return {f: getattr(self, f).data for f in ("name", "summary", "description", "easy_read_summary",
                                                   "categories")}


class WhoForm(FlaskForm):
    needs = ChecklistField(_l("Needs the service supports"), invalid_message=_l("Choose needs from the list"))
    age_min = AgeField(_l("Youngest age"), message=_l("Enter the youngest age, from 0 to 25"))
    age_max = AgeField(_l("Oldest age"), message=_l("Enter the oldest age, from 0 to 25"))
    eligibility = text_field(_l("Who can use it (optional)"), 2000,
                             _l("Who can use it must be 2,000 characters or fewer"), area=True)

    def __init__(self, *args, needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.needs.options = term_options(needs)

    def validate_age_max(self, field):
        if self.age_min.data is not None and not self.age_min.errors and field.data < self.age_min.data:
            raise ValidationError(_l("The oldest age must be the same as or older than the youngest age"))

    def changes(self) -> dict:
        return {"needs": self.needs.data, "age_min": self.age_min.data, "age_max": self.age_max.data,
                "eligibility": self.eligibility.data}


class AccessForm(FlaskForm):
    referral = ChecklistField(_l("How can families get the service?"),
                              invalid_message=_l("Choose how families can get the service from the list"))
    how_to_access = text_field(_l("How to access it (optional)"), 2000,
                               _l("How to access it must be 2,000 characters or fewer"), area=True)
    cost = ChoiceField(_l("Is the service free?"),
                       required_message=_l("Select whether the service is free or there is a cost"))
    cost_detail = text_field(_l("What does it cost?"), 500, _l("The cost must be 500 characters or fewer"),
                             area=True)
    delivery = ChecklistField(_l("How is it provided?"), invalid_message=_l("Choose how it is provided from the list"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.referral.options = _options(REFERRAL_LABELS.items())
        self.cost.options = _options(COST_LABELS.items())
        self.delivery.options = _options((mode, DELIVERY_LABELS[mode]) for mode in DELIVERY_MODES)

    @classmethod
    def data_from(cls, data: dict) -> dict:
        return {"referral": [f for f in REFERRAL_FIELDS if data.get(f)], "how_to_access": data["how_to_access"],
                "cost": "free" if data["is_free"] else "paid", "cost_detail": data["cost_detail"],
                "delivery": data["delivery"]}

    def validate_cost_detail(self, field):
        if self.cost.data == "paid" and not field.data:
            raise ValidationError(_l("Enter what the service costs, for example £5 a session"))

    def changes(self) -> dict:
        paid = self.cost.data == "paid"
        changes = {f: f in self.referral.data for f in REFERRAL_FIELDS}
        changes.update(how_to_access=self.how_to_access.data, is_free=not paid,
                       cost_detail=self.cost_detail.data if paid else "", delivery=self.delivery.data)
        return changes


class LocationForm(FlaskForm):
    name = text_field(_l("Name of the place (optional)"), 255, _l("Name must be 255 characters or fewer"))
    address_1 = text_field(_l("Address"), 255, _l("Address must be 255 characters or fewer"),
                           required=_l("Enter the address, like 12 High Street"))
    city = text_field(_l("Town or city (optional)"), 100, _l("Town or city must be 100 characters or fewer"))
    postcode = text_field(_l("Postcode"), 10, _l("Enter a real postcode, like E8 1DY"),
                          required=_l("Enter the postcode"))
    accessibility = ChecklistField(_l("Accessibility"),
                                   invalid_message=_l("Choose accessibility features from the list"))

    def __init__(self, *args, accessibility=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.accessibility.options = term_options(accessibility)

    def validate_postcode(self, field):
        postcode = geo.normalise_postcode(field.data)
        if postcode is None or " " not in postcode:
            raise ValidationError(_l("Enter a real postcode, like E8 1DY"))
        field.data = postcode

    def location(self) -> dict:
        """The location as a snapshot stores it, with its centre when the postcode is known."""
        point = geo.lookup(self.postcode.data)
        return {"name": self.name.data, "address_1": self.address_1.data, "city": self.city.data,
                "postcode": self.postcode.data, "latitude": point.latitude if point else None,
                "longitude": point.longitude if point else None, "accessibility": self.accessibility.data}


class DayForm(Form):
    opens = StringField(_l("Opens"), filters=[_clean])
    closes = StringField(_l("Closes"), filters=[_clean])
    description = StringField(_l("Details (optional)"), filters=[_clean])


def _time(text: str) -> str | None:
    match = _TIME_RE.match(text or "")
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else None


class TimesForm(FlaskForm):
    """Opening times: one group of fields per weekday, `day_0` (Monday) to `day_6` (Sunday)."""

    @property
    def days(self) -> list:
        return [getattr(self, f"day_{weekday}") for weekday in range(7)]

    @classmethod
    def data_from(cls, data: dict) -> dict:
        by_day = {int(s["weekday"]): s for s in data["schedules"]}
        return {f"day_{d}": {"opens": by_day.get(d, {}).get("opens_at", ""),
                             "closes": by_day.get(d, {}).get("closes_at", ""),
                             "description": by_day.get(d, {}).get("description", "")} for d in range(7)}

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for weekday, entry in enumerate(self.days):
            day, sub = weekday_name(weekday), entry.form
            opens, closes = _time(sub.opens.data), _time(sub.closes.data)
            if sub.opens.data and opens is None:
                sub.opens.errors = [_("Enter the time %(day)s opens as hours and minutes, like 09:30", day=day)]
            elif sub.closes.data and not sub.opens.data:
                sub.opens.errors = [_("Enter the time %(day)s opens", day=day)]
            if sub.closes.data and closes is None:
                sub.closes.errors = [_("Enter the time %(day)s closes as hours and minutes, like 17:00", day=day)]
            elif sub.opens.data and not sub.closes.data:
                sub.closes.errors = [_("Enter the time %(day)s closes", day=day)]
            elif opens and closes and closes <= opens:
                sub.closes.errors = [_("The closing time on %(day)s must be after the opening time", day=day)]
            if len(sub.description.data or "") > 255:
                sub.description.errors = [_("Details for %(day)s must be 255 characters or fewer", day=day)]
            errors = list(sub.opens.errors) + list(sub.closes.errors) + list(sub.description.errors)
            if errors:
                ok = False
            elif opens:
                sub.opens.data, sub.closes.data = opens, closes
        return ok

    def changes(self) -> dict:
        schedules = []
        for weekday, entry in enumerate(self.days):
            sub = entry.form
            if sub.opens.data or sub.description.data:
                schedules.append({"weekday": weekday, "opens_at": sub.opens.data or "",
                                  "closes_at": sub.closes.data or "", "description": sub.description.data or ""})
        return {"schedules": schedules}


for _weekday in range(7):
    setattr(TimesForm, f"day_{_weekday}", FormField(DayForm))


def website_problem(text: str):
    """Why a website address is refused (only http and https links to a named host), or None."""
    parts = urlsplit(text)
    if (parts.scheme.lower() not in ("http", "https") or not parts.hostname or "." not in parts.hostname
            or any(ch.isspace() for ch in text) or "\\" in text):
        return _l("Enter a website address that starts with https:// or http://, like https://www.example.org")
    return None


def phone_problem(text: str):
    """Why a phone number is refused (digits, spaces, + and brackets only), or None."""
    if not _PHONE_RE.match(text) or sum(ch.isdigit() for ch in text) < 5:
        return _l("Enter a phone number using only numbers, spaces, + and brackets, like 01632 960000")
    return None


class ContactForm(FlaskForm):
    email = text_field(_l("Email address"), 254, _l("Email address must be 254 characters or fewer"))
    phone = text_field(_l("Phone number"), 50, _l("Phone number must be 50 characters or fewer"))
    website = text_field(_l("Website"), 500, _l("Website address must be 500 characters or fewer"))

    validate_email = staticmethod(_check_email)

    def validate_phone(self, field):
        if field.data and phone_problem(field.data):
            raise ValidationError(phone_problem(field.data))

    def validate_website(self, field):
        if field.data and website_problem(field.data):
            raise ValidationError(website_problem(field.data))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and not (self.email.data or self.phone.data or self.website.data):
            self.email.errors.append(_l("Enter at least one way to contact the service: email, phone or website"))
            ok = False
        return ok

    def changes(self) -> dict:
        return {"email": self.email.data, "phone": self.phone.data, "website": self.website.data}


def _english_language_codes() -> dict[str, str]:
    return {name.lower(): code for code, name in Locale("en").languages.items()}


class LanguagesForm(FlaskForm):
    languages = ChecklistField(_l("Languages the staff speak"), invalid_message=_l("Choose languages from the list"))
    other = text_field(_l("Other languages (optional)"), 200, _l("Other languages must be 200 characters or fewer"))
    area_served = ChoiceField(_l("Where does the service work?"),
                              required_message=_l("Select where the service works"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages.options = _options(LANGUAGE_LABELS.items())
        self.area_served.options = _options((area, AREA_LABELS[area]) for area in AREAS)

    @classmethod
    def data_from(cls, data: dict) -> dict:
        listed = [lang["code"] for lang in data["languages"] if lang["code"] in LANGUAGE_LABELS]
        other = ", ".join(lang["name"] for lang in data["languages"] if lang["code"] not in LANGUAGE_LABELS)
        return {"languages": listed, "other": other, "area_served": data["area_served"]}

    def validate_other(self, field):
        if any(len(name.strip()) > 80 for name in (field.data or "").split(",")):
            raise ValidationError(_l("Write each language’s name in 80 characters or fewer, with commas between them"))

    def changes(self) -> dict:
        with force_locale("en"):  # names are stored in English, as the directory's source language
            languages = [{"code": code, "name": str(LANGUAGE_LABELS[code])} for code in self.languages.data]
        known = _english_language_codes()
        chosen = {lang["code"] for lang in languages}
        for name in (n.strip() for n in (self.other.data or "").split(",")):
            if not name:
                continue
            code = known.get(name.lower(), UNCODED_LANGUAGE)
            if code != UNCODED_LANGUAGE and code in chosen:
                continue
            chosen.add(code)
            languages.append({"code": code, "name": name})
        return {"languages": languages, "area_served": self.area_served.data}


class ButtonForm(FlaskForm):
    """A form that is only a button (submit, withdraw, still correct, approve, remove): CSRF only."""
