"""Forms for forum feedback and officers' triage.

Choices are SelectChoice objects (WTForms 3.3 deprecates tuples). Radios are rendered by hand in the
templates: the first input's id is the field id, so error summary links land on it. The services check
every rule again; these forms keep what people typed and put messages next to the right field.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from .models import OUTCOMES, SIGNPOSTS, THEMES
from .services import OUTCOME_LABELS, SIGNPOST_LABELS, TEXT_MAX_LENGTH, THEME_LABELS, TITLE_MAX_LENGTH


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _title(label, required=_l("Enter a title"), too_long=_l("Title must be 200 characters or fewer"), **kwargs):
    return StringField(label, filters=[_strip], validators=[
        DataRequired(message=required), Length(max=TITLE_MAX_LENGTH, message=too_long)], **kwargs)


def _text(label, *, required=None, too_long, **kwargs):
    validators = [DataRequired(message=required)] if required else [Optional()]
    validators.append(Length(max=TEXT_MAX_LENGTH, message=too_long))
    return TextAreaField(label, filters=[_strip], validators=validators, **kwargs)


class ButtonForm(FlaskForm):
    """A button alone ("Me too", "Follow", "Show publicly"): just the CSRF check."""


class ItemForm(FlaskForm):
    """A forum member raises an issue or an idea."""

    title = _title(_l("Give it a short title"), id="title")
    body = _text(_l("What is happening?"), id="body", required=_l("Enter what is happening"),
                 too_long=_l("What is happening must be 10,000 characters or fewer"))
    would_help = _text(_l("What would help? (optional)"), id="would_help",
                       too_long=_l("What would help must be 10,000 characters or fewer"))
    theme = RadioField(_l("What is it about?"), id="theme",
                       choices=[SelectChoice(theme, THEME_LABELS[theme]) for theme in THEMES],
                       invalid_choice_message=_l("Select what it is about"))
    service = SelectField(_l("Is it about one service? (optional)"), id="service", choices=[],
                          invalid_choice_message=_l("Select a service from the list"))
    may_be_public = RadioField(_l("May we show it publicly?"), id="may_be_public",
                               choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
                               invalid_choice_message=_l("Select yes if we may show it publicly"))

    def set_services(self, services) -> None:
        """Offer these services (and none)."""
        self.service.choices = [SelectChoice("", _l("Not about one service"))] + [
            SelectChoice(str(service.id), service.name) for service in services]


class MoveForm(FlaskForm):
    """Move an item to its next state. The services check the outcome, reason and signpost."""

    to = HiddenField()
    # Labelled apart from UpdateForm's box on the same page; the template calls it "Your response" when the
    # next step is the response.
    text = TextAreaField(_l("Message with the next step"), id="text", filters=[_strip],
                         validators=[Length(max=TEXT_MAX_LENGTH,
                                            message=_l("The update must be 10,000 characters or fewer"))])
    outcome = RadioField(_l("Outcome"), id="outcome", validate_choice=False,
                         choices=[SelectChoice(outcome, OUTCOME_LABELS[outcome]) for outcome in OUTCOMES])
    reason = TextAreaField(_l("Why are we not doing this?"), id="reason", filters=[_strip],
                           validators=[Length(max=TEXT_MAX_LENGTH,
                                              message=_l("The reason must be 10,000 characters or fewer"))])
    signpost = RadioField(_l("Where have you signposted them?"), id="signpost", validate_choice=False,
                          choices=[SelectChoice(signpost, SIGNPOST_LABELS[signpost]) for signpost in SIGNPOSTS])


class UpdateForm(FlaskForm):
    """A public update (the raiser and followers are told)."""

    text = _text(_l("Public update, without changing the status"), id="update-text", required=_l("Enter the update"),
                 too_long=_l("The update must be 10,000 characters or fewer"))


class NoteForm(FlaskForm):
    """An internal note: officers only ever see it."""

    text = _text(_l("Internal note"), id="note-text", required=_l("Enter the note"),
                 too_long=_l("The note must be 10,000 characters or fewer"))


class MergeForm(FlaskForm):
    """Merge this item into another, by the other's number."""

    into = StringField(_l("Number of the item to keep"), id="into", filters=[_strip],
                       validators=[DataRequired(message=_l("Enter the number of the item to keep"))])

    @property
    def item_number(self) -> int | None:
        """The number typed, with or without "#", or None."""
        text = (self.into.data or "").lstrip("#").strip()
        return int(text) if text.isdigit() and len(text) < 10 else None


class RedactForm(FlaskForm):
    """Edit an item's text to remove personal data, saying why."""

    title = _title(_l("Title"), id="title")
    body = _text(_l("What is happening"), id="body", required=_l("Enter what is happening"),
                 too_long=_l("What is happening must be 10,000 characters or fewer"))
    would_help = _text(_l("What would help"), id="would_help",
                       too_long=_l("What would help must be 10,000 characters or fewer"))
    reason = _text(_l("Why are you changing it?"), id="reason", required=_l("Enter the reason for the change"),
                   too_long=_l("The reason must be 10,000 characters or fewer"))


class ShowForm(FlaskForm):
    """Show an item publicly, confirming the warnings were checked."""

    checked = BooleanField(_l("I have checked the text and it has no personal data"), id="checked")


class TemplateForm(FlaskForm):
    """A reusable response."""

    title = _title(_l("Name"), id="title", required=_l("Enter a name for the template"),
                   too_long=_l("The name must be 200 characters or fewer"))
    body = _text(_l("Wording"), id="body", required=_l("Enter the wording"),
                 too_long=_l("The wording must be 10,000 characters or fewer"))
