"""Account forms: sign in, forgotten and reset passwords, change password.

Inputs render as GOV.UK components through govuk-frontend-wtf. Password fields never
send their value back to the browser, so a form shown again with errors keeps what
the person typed everywhere except in password boxes.
"""
from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSelect, GovTextArea, GovTextInput
from wtforms import HiddenField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from .passwords import MAX_LENGTH as PASSWORD_MAX_LENGTH
from .passwords import password_problem

EMAIL_MAX_LENGTH = 254
# Deliberately loose: something@something.something, no spaces. The real test is the email arriving.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _translate_error_prefix(params: dict) -> dict:
    """GOV.UK macros default to the English "Error" before an inline message; use ours."""
    if params.get("errorMessage"):
        params["errorMessage"]["visuallyHiddenText"] = _("Error")
    return params


class TextInput(GovTextInput):
    """A GOV.UK text input whose hidden "Error:" prefix is translated."""

    def map_gov_params(self, field, **kwargs):
        return _translate_error_prefix(super().map_gov_params(field, **kwargs))


class PasswordInput(GovPasswordInput):
    """A GOV.UK password input (with a "Show" button when JavaScript runs), all its text translated."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.setdefault("showPasswordText", _("Show"))
        params.setdefault("hidePasswordText", _("Hide"))
        params.setdefault("showPasswordAriaLabelText", _("Show password"))
        params.setdefault("hidePasswordAriaLabelText", _("Hide password"))
        params.setdefault("passwordShownAnnouncementText", _("Your password is visible"))
        params.setdefault("passwordHiddenAnnouncementText", _("Your password is hidden"))
        return _translate_error_prefix(params)


def email_field(label, required_message) -> StringField:
    return StringField(
        label,
        filters=[_strip],
        widget=TextInput(),
        validators=[
            InputRequired(message=required_message),
            Length(max=EMAIL_MAX_LENGTH,
                   message=_l("Email address must be %(max)d characters or fewer", max=EMAIL_MAX_LENGTH)),
        ],
    )


def check_email_format(form, field) -> None:
    """An email address that at least looks like one."""
    if field.data and not EMAIL_PATTERN.match(field.data):
        raise ValidationError(_l("Enter an email address in the correct format, like name@example.com"))


def password_field(label, required_message) -> PasswordField:
    # The length check stops a huge paste before it reaches the password hasher.
    return PasswordField(
        label,
        widget=PasswordInput(),
        validators=[
            InputRequired(message=required_message),
            Length(max=PASSWORD_MAX_LENGTH,
                   message=_l("Password must be %(max)d characters or fewer", max=PASSWORD_MAX_LENGTH)),
        ],
    )


class SignInForm(FlaskForm):
    email = email_field(_l("Email address"), _l("Enter your email address"))
    password = password_field(_l("Password"), _l("Enter your password"))
    next = HiddenField()


class ForgottenPasswordForm(FlaskForm):
    email = StringField(
        _l("Email address"),
        filters=[_strip],
        widget=TextInput(),
        validators=[
            InputRequired(message=_l("Enter your email address")),
            Length(max=EMAIL_MAX_LENGTH,
                   message=_l("Email address must be %(max)d characters or fewer", max=EMAIL_MAX_LENGTH)),
            check_email_format,
        ],
    )


class NewPasswordMixin:
    """A new password typed twice, checked against the policy here so every problem shows at once
    (the service that saves it checks again). Set `account_email` before validating."""

    account_email = ""

    new_password = password_field(_l("New password"), _l("Enter a new password"))
    confirm_password = PasswordField(
        _l("Confirm new password"),
        widget=PasswordInput(),
        validators=[
            InputRequired(message=_l("Enter your new password again")),
            EqualTo("new_password", message=_l("The passwords do not match. Enter the same password twice")),
        ],
    )

    def validate_new_password(self, field) -> None:
        if field.errors:  # already too long or missing
            return
        problem = password_problem(field.data or "", self.account_email)
        if problem:
            raise ValidationError(problem)


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    pass


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = password_field(_l("Current password"), _l("Enter your current password"))

    # Current password first on the page and in the error summary.
    field_order = ("current_password", "new_password", "confirm_password")


def add_error(form: FlaskForm, field, message: str) -> None:
    """Attach an error found after validation (by a service) to a field, so the page shows it."""
    field.errors = [*field.errors, str(message)]
    form._errors = None  # WTForms caches form.errors; let it be worked out again


def error_list(form: FlaskForm) -> list[dict]:
    """The error summary's items: each field's first error, linking to that field, in page order."""
    names = getattr(form, "field_order", None) or [name for name in form._fields]
    items = []
    for name in names:
        field = form[name]
        if field.errors:
            items.append({"text": str(field.errors[0]), "href": f"#{field.id}"})
    return items


class TextArea(GovTextArea):
    """A GOV.UK textarea whose hidden "Error:" prefix is translated."""

    def map_gov_params(self, field, **kwargs):
        return _translate_error_prefix(super().map_gov_params(field, **kwargs))


class Select(GovSelect):
    """A GOV.UK select whose hidden "Error:" prefix is translated."""

    def map_gov_params(self, field, **kwargs):
        return _translate_error_prefix(super().map_gov_params(field, **kwargs))


REPORT_TEXT_MAX_LENGTH = 2000


class TranslationReportForm(FlaskForm):
    """A reader tells us a translation is wrong. `website` is a honeypot that only robots fill in."""

    language = SelectField(_l("Which language?"), widget=Select(),
                           validate_choice=False)  # checked against the interface languages below
    page = StringField(_l("Where did you see it? (optional)"), filters=[_strip], widget=TextInput(),
                       validators=[Length(max=500, message=_l("The page address must be 500 characters or fewer"))])
    problem = TextAreaField(
        _l("What is wrong?"), filters=[_strip], widget=TextArea(),
        validators=[InputRequired(message=_l("Tell us what is wrong with the translation")),
                    Length(max=REPORT_TEXT_MAX_LENGTH,
                           message=_l("What is wrong must be %(max)s characters or fewer", max="2,000"))])
    suggestion = TextAreaField(
        _l("What should it say? (optional)"), filters=[_strip], widget=TextArea(),
        validators=[Length(max=REPORT_TEXT_MAX_LENGTH,
                           message=_l("Your suggestion must be %(max)s characters or fewer", max="2,000"))])
    email = StringField(
        _l("Your email address (optional)"), filters=[_strip], widget=TextInput(),
        validators=[Length(max=EMAIL_MAX_LENGTH,
                           message=_l("Email address must be %(max)d characters or fewer", max=EMAIL_MAX_LENGTH)),
                    check_email_format])
    website = StringField(_l("Leave this empty"))

    def __init__(self, languages: list[tuple[str, str]], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [SelectChoice(code, name) for code, name in languages]
        self._codes = {code for code, _name in languages}

    def validate_language(self, field):
        if field.data not in self._codes:
            raise ValidationError(_l("Select the language the translation is in"))

    @property
    def is_bot(self) -> bool:
        """True when the hidden field was filled in."""
        return bool((self.website.data or "").strip())


class DeleteAccountForm(FlaskForm):
    """Deleting your own account: your password, to show it is you."""

    password = password_field(_l("Your password"), _l("Enter your password"))


def _day_month_year(text: str):
    """A date typed as day/month/year (27/3/2026, 27-3-2026 or 27.3.2026), or None when it is not one."""
    from datetime import date

    parts = re.split(r"\s*[/.\-]\s*", text.strip())
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    day, month, year = (int(part) for part in parts)
    try:
        return date(year, month, day) if 1900 <= year <= 2999 else None
    except ValueError:
        return None


class AuditFilterForm(FlaskForm):
    """Narrowing the audit log. A GET form: it changes nothing, so no CSRF token."""

    class Meta:
        csrf = False

    who = StringField(_l("Who (part of their email address)"), filters=[_strip], widget=TextInput(),
                      validators=[Length(max=EMAIL_MAX_LENGTH, message=_l(
                          "Email address must be %(max)d characters or fewer", max=EMAIL_MAX_LENGTH))])
    action = SelectField(_l("What they did"), widget=Select(), validate_choice=False)
    record_type = SelectField(_l("Kind of record"), widget=Select(), validate_choice=False)
    record_id = StringField(_l("Record identifier"), filters=[_strip], widget=TextInput(),
                            validators=[Length(max=40, message=_l("A record identifier is 40 characters or fewer"))])
    # Not "From" and "To": those words are already the email outbox's sender and recipient, and some languages
    # translate them so.
    start = StringField(_l("Made on or after"), filters=[_strip], widget=TextInput(),
                        description=_l("For example, 27/3/2026"))
    end = StringField(_l("Made on or before"), filters=[_strip], widget=TextInput(),
                      description=_l("For example, 31/3/2026"))

    def __init__(self, actions: list[str], record_types: list[str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [SelectChoice("", _("Anything"))] + [SelectChoice(a, a) for a in actions]
        self.record_type.choices = [SelectChoice("", _("Any kind"))] + [SelectChoice(t, t) for t in record_types]
        self._actions, self._record_types = set(actions), set(record_types)

    def validate_action(self, field):
        if field.data and field.data not in self._actions:
            raise ValidationError(_l("Choose what they did from the list"))

    def validate_record_type(self, field):
        if field.data and field.data not in self._record_types:
            raise ValidationError(_l("Choose a kind of record from the list"))

    def validate_start(self, field):
        if field.data and _day_month_year(field.data) is None:
            raise ValidationError(_l("Enter the start date as day/month/year, for example 27/3/2026"))

    def validate_end(self, field):
        if field.data and _day_month_year(field.data) is None:
            raise ValidationError(_l("Enter the end date as day/month/year, for example 31/3/2026"))
        start = _day_month_year(self.start.data or "")
        end = _day_month_year(field.data or "")
        if start and end and end < start:
            raise ValidationError(_l("The end date must be the same as or after the start date"))

    def criteria(self):
        """The filter the valid fields describe (invalid ones are left out)."""
        from .audit import AuditFilter

        def valid(field):
            return "" if field.errors else (field.data or "")

        return AuditFilter(who=valid(self.who), action=valid(self.action), record_type=valid(self.record_type),
                           record_id=valid(self.record_id),
                           start=None if self.start.errors else _day_month_year(self.start.data or ""),
                           end=None if self.end.errors else _day_month_year(self.end.data or ""))
