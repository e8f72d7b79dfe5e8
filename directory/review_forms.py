"""Forms for the officer pages and the public "Is something wrong with this page?" report.

Choices are SelectChoice objects (WTForms 3.3 deprecates tuples); radios are rendered by hand in the
templates, so field ids are set here to match them and the error summary links land on the inputs.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from .models import PROBLEM_KINDS
from .problems import DETAILS_MAX_LENGTH, EMAIL_MAX_LENGTH, EMAIL_PATTERN, KIND_LABELS

REASON_MAX_LENGTH = 5000


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ActionForm(FlaskForm):
    """A button-only form (approve, restore, archive): just the CSRF check."""


class ReturnForm(FlaskForm):
    """Send a change back to the provider, with the reason they will read."""

    reason = TextAreaField(
        _l("Why are you sending it back?"), id="reason", filters=[_strip],
        validators=[DataRequired(message=_l("Enter the reason for sending it back")),
                    Length(max=REASON_MAX_LENGTH,
                           message=_l("The reason must be %(max)s characters or fewer", max="5,000"))])


class ProblemReportForm(FlaskForm):
    """A reader tells us a listing is wrong. `website` is a honeypot: people never see it, bots fill it in."""

    kind = RadioField(
        _l("What is wrong?"), id="problem-kind",
        choices=[SelectChoice(kind, KIND_LABELS[kind]) for kind in PROBLEM_KINDS],
        invalid_choice_message=_l("Select what is wrong with the page"))
    details = TextAreaField(
        _l("Tell us more"), id="problem-details", filters=[_strip],
        validators=[Length(max=DETAILS_MAX_LENGTH,
                           message=_l("Details must be %(max)s characters or fewer", max="2,000"))])
    email = StringField(
        _l("Your email address (optional)"), id="problem-email", filters=[_strip],
        validators=[Length(max=EMAIL_MAX_LENGTH,
                           message=_l("Email address must be %(max)d characters or fewer", max=EMAIL_MAX_LENGTH))])
    website = StringField(_l("Leave this empty"), id="problem-website")

    def validate_details(self, field):
        if self.kind.data == "other" and not field.data:
            raise ValidationError(_l("Tell us what is wrong"))

    def validate_email(self, field):
        if field.data and not EMAIL_PATTERN.match(field.data):
            raise ValidationError(_l("Enter an email address in the correct format, like name@example.com"))

    @property
    def is_bot(self) -> bool:
        """True when the hidden field was filled in."""
        return bool((self.website.data or "").strip())

