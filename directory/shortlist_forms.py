"""Forms for the shortlist: emailing it to yourself."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, ValidationError

from .problems import EMAIL_MAX_LENGTH, EMAIL_PATTERN


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ShortlistEmailForm(FlaskForm):
    """Where to send the shortlist. The address is used for this one email and kept nowhere else."""

    email = StringField(
        _l("Email address"), id="shortlist-email", filters=[_strip],
        validators=[DataRequired(message=_l("Enter your email address")),
                    Length(max=EMAIL_MAX_LENGTH,
                           message=_l("Email address must be %(max)d characters or fewer", max=EMAIL_MAX_LENGTH))])

    def validate_email(self, field):
        if not EMAIL_PATTERN.match(field.data or ""):
            raise ValidationError(_l("Enter an email address in the correct format, like name@example.com"))
