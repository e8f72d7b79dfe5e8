"""Forms for the action plan, its import, and "You said, we did".

Radios, selects and checkboxes use the directory's small fields (`ChoiceField`, `ChecklistField`) whose options
are (value, label, hint) triples set per form, so nothing relies on WTForms' deprecated tuple `choices`; the
templates draw them with the GOV.UK macros in templates/directory/providers/_fields.html. Dates use
`DateInputField`: GOV.UK's day, month and year boxes. A form shown again with errors keeps what was typed.
"""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import Field, StringField, TextAreaField
from wtforms.utils import unset_value
from wtforms.validators import InputRequired, StopValidation, ValidationError

from directory.provider_forms import ChecklistField, ChoiceField, MaxChars, _clean

from .models import OUTCOMES, THEMES
from .plan_services import LEAD_MAX_LENGTH, REF_MAX_LENGTH, STATUS_HINTS, STATUS_LABELS, STATUS_ORDER, TITLE_MAX_LENGTH

TEXT_MAX_LENGTH = 10000
NEW_PLAN = "new"


def _text(label, *, required=None, max_chars=TEXT_MAX_LENGTH, too_long=None, area=False, **kwargs):
    validators = [InputRequired(message=required)] if required else []
    validators.append(MaxChars(max_chars, too_long or _l("Enter %(max)s characters or fewer", max=f"{max_chars:,}")))
    return (TextAreaField if area else StringField)(label, validators=validators, filters=[_clean], **kwargs)


class DateInputField(Field):
    """A GOV.UK date input: boxes named <name>-day, <name>-month and <name>-year; the day box has the field's id."""

    PARTS = ("day", "month", "year")

    def __init__(self, label=None, validators=None, *, required_message=None, invalid_message=None,
                 incomplete_message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required_message = required_message
        self.invalid_message = invalid_message or _l("Enter a real date")
        self.incomplete_message = incomplete_message or _l("Enter a day, month and year")
        self.parts = ("", "", "")

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        if data is unset_value:
            try:
                data = self.default()
            except TypeError:
                data = self.default
        self.object_data = data
        self.data = data if isinstance(data, date) else None
        self.parts = (str(data.day), str(data.month), str(data.year)) if self.data else ("", "", "")
        self.raw_data = None
        if formdata is not None:
            self.parts = tuple((formdata.get(f"{self.name}-{part}") or "").strip()[:10] for part in self.PARTS)
            self.raw_data = list(self.parts)
            self.data = None
            if any(self.parts):
                self._parse()

    def _parse(self) -> None:
        if not all(self.parts):
            self.process_errors.append(self.incomplete_message)
            return
        day, month, year = self.parts
        if not all(part.isascii() and part.isdigit() for part in self.parts) or len(year) != 4:
            self.process_errors.append(self.invalid_message)
            return
        try:
            self.data = date(int(year), int(month), int(day))
        except ValueError:
            self.process_errors.append(self.invalid_message)

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()
        if self.required_message and self.data is None:
            raise StopValidation(self.required_message)


class OptionalChoiceField(ChoiceField):
    """Like `ChoiceField`, but nothing chosen is allowed; a value that is not an option is still refused."""

    def pre_validate(self, form):
        if self.data is not None:
            super().pre_validate(form)


def _options(labels: dict, order, hints: dict | None = None) -> list[tuple[str, object, object]]:
    return [(value, labels[value], (hints or {}).get(value)) for value in order]


class ButtonForm(FlaskForm):
    """A form that is only a button (publish, unlink, delete): just the CSRF check."""


# --- the plan ---------------------------------------------------------------------------------------------

class PlanForm(FlaskForm):
    """Start or rename a plan."""

    title = _text(_l("Title"), required=_l("Enter the plan’s title"), max_chars=TITLE_MAX_LENGTH,
                  too_long=_l("The title must be %(max)s characters or fewer", max=TITLE_MAX_LENGTH))
    description = _text(_l("Description (optional)"), area=True)


class PriorityForm(FlaskForm):
    """A priority or workstream."""

    ref = _text(_l("Reference (optional)"), max_chars=REF_MAX_LENGTH,
                too_long=_l("The reference must be %(max)s characters or fewer", max=REF_MAX_LENGTH))
    title = _text(_l("Title"), required=_l("Enter the priority’s title"), area=True, max_chars=2000)


class ActionForm(FlaskForm):
    """An action's details. Adding one also asks for its first status and an optional note."""

    priority = ChoiceField(_l("Priority"), required_message=_l("Choose the priority this action belongs to"))
    ref = _text(_l("Reference"), required=_l("Enter the action’s reference, like 1.2"), max_chars=REF_MAX_LENGTH,
                too_long=_l("The reference must be %(max)s characters or fewer", max=REF_MAX_LENGTH))
    description = _text(_l("Action"), required=_l("Enter what the action is"), area=True)
    lead = _text(_l("Lead (optional)"), max_chars=LEAD_MAX_LENGTH,
                 too_long=_l("The lead must be %(max)s characters or fewer", max=LEAD_MAX_LENGTH))
    partners = _text(_l("Partners (optional)"), area=True)
    start_on = DateInputField(_l("Start date (optional)"), invalid_message=_l("Start date must be a real date"),
                              incomplete_message=_l("Start date must include a day, month and year"))
    due_on = DateInputField(_l("Due date (optional)"), invalid_message=_l("Due date must be a real date"),
                            incomplete_message=_l("Due date must include a day, month and year"))
    revised_due_on = DateInputField(_l("Revised due date (optional)"),
                                    invalid_message=_l("Revised due date must be a real date"),
                                    incomplete_message=_l("Revised due date must include a day, month and year"))
    measure = _text(_l("Measure or success criteria (optional)"), area=True)
    evidence = _text(_l("Evidence (optional)"), area=True)
    status = ChoiceField(_l("Status"), required_message=_l("Choose a status"))
    note = _text(_l("Progress note (optional)"), area=True)

    def __init__(self, *args, priorities=(), adding=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.priority.options = [(str(p.id), " ".join(x for x in (p.ref, p.title[:120]) if x), None)
                                 for p in priorities]
        self.status.options = _options(STATUS_LABELS, STATUS_ORDER, STATUS_HINTS)
        if not adding:
            del self.status
            del self.note

    def validate_due_on(self, field):
        if field.data and self.start_on.data and field.data < self.start_on.data:
            raise ValidationError(_l("The due date must be the same as or after the start date"))

    def validate_revised_due_on(self, field):
        if field.data and self.start_on.data and field.data < self.start_on.data:
            raise ValidationError(_l("The revised due date must be the same as or after the start date"))

    def action_fields(self) -> dict:
        """The details as `plan_services` takes them."""
        return {name: getattr(self, name).data or ("" if name not in ("start_on", "due_on", "revised_due_on")
                                                    else None)
                for name in ("ref", "description", "lead", "partners", "start_on", "due_on", "revised_due_on",
                             "measure", "evidence")}


class StatusForm(FlaskForm):
    """Move an action to a status, add a progress note, or both."""

    status = ChoiceField(_l("Status"), required_message=_l("Choose a status"))
    note = _text(_l("Progress note"), area=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.options = _options(STATUS_LABELS, STATUS_ORDER, STATUS_HINTS)


class LinkItemForm(FlaskForm):
    """Link a feedback item to an action: choose an open one, or type any item's number."""

    item = OptionalChoiceField(_l("Open feedback items"), required_message=_l("Choose an item from the list"))
    item_number = _text(_l("Or enter the item’s number"), max_chars=12,
                        too_long=_l("Enter the item’s number, like 42"))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.item.options = [(str(item.id), f"{item.id}: {item.title[:100]}", None) for item in items]

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        number = (self.item_number.data or "").lstrip("#").strip()
        if number and not (number.isascii() and number.isdigit()):
            self.item_number.errors.append(_l("Enter the item’s number, like 42"))
        elif not number and not self.item.data and not self.item.errors:
            self.item.errors.append(_l("Choose an item or enter its number"))
        return not self.errors

    @property
    def item_id(self) -> int | None:
        number = (self.item_number.data or "").lstrip("#").strip()
        value = number or self.item.data
        return int(value) if value and value.isdigit() else None


class ImportForm(FlaskForm):
    """Upload a CSV or Excel file to preview, into a new plan or an existing one."""

    file = FileField(_l("Upload a file"))
    plan = ChoiceField(_l("Add the actions to"), required_message=_l("Choose a plan"))
    plan_title = _text(_l("Title of the new plan"), max_chars=TITLE_MAX_LENGTH,
                       too_long=_l("The title must be %(max)s characters or fewer", max=TITLE_MAX_LENGTH))

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.plan.options = [(NEW_PLAN, _l("A new plan"), None)] + [(str(p.id), p.title, None) for p in plans]
        if self.plan.data is None and not self.is_submitted():
            self.plan.data = NEW_PLAN

    def validate_file(self, field):
        if not field.data or not getattr(field.data, "filename", None):
            raise ValidationError(_l("Select a CSV or Excel file"))

    def validate_plan_title(self, field):
        if self.plan.data == NEW_PLAN and not field.data:
            raise ValidationError(_l("Enter a title for the new plan"))


# --- You said, we did -----------------------------------------------------------------------------------

class EntryForm(FlaskForm):
    """A "You said, we did" entry. A draft needs a theme and what people said; publishing checks the rest."""

    theme = ChoiceField(_l("Theme"), required_message=_l("Choose a theme"))
    you_said = _text(_l("You said"), required=_l("Enter what people told us"), area=True)
    people_count = _text(_l("Number of people (optional)"), max_chars=6,
                         too_long=_l("Enter the number of people as a whole number, like 12"))
    channel = _text(_l("Where they told us (optional)"), max_chars=100,
                    too_long=_l("Where they told us must be %(max)s characters or fewer", max=100))
    we_did = _text(_l("We did"), area=True)
    decided_by = _text(_l("Who decided (optional for a draft)"), max_chars=255,
                       too_long=_l("Who decided must be %(max)s characters or fewer", max=255))
    decided_on = DateInputField(_l("When it was decided (optional for a draft)"),
                                invalid_message=_l("The date it was decided must be a real date"),
                                incomplete_message=_l("The date it was decided must include a day, month and year"))
    outcome = OptionalChoiceField(_l("Outcome (optional for a draft)"), required_message=_l("Choose an outcome"))
    items = ChecklistField(_l("Feedback items behind this"))
    actions = ChecklistField(_l("Actions in the plan"))
    services = ChecklistField(_l("Services in the directory"))

    def __init__(self, *args, theme_labels, outcome_labels, items=(), actions=(), services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.theme.options = _options(theme_labels, THEMES)
        self.outcome.options = _options(outcome_labels, OUTCOMES)
        self.items.options = [(str(i.id), f"{i.id}: {i.title[:100]}", None) for i in items]
        self.actions.options = [(str(a.id), f"{a.ref}: {a.description[:100]}", None) for a in actions]
        self.services.options = [(str(s.id), s.name, None) for s in services]

    def validate_people_count(self, field):
        if field.data and not (field.data.isascii() and field.data.isdigit()):
            raise ValidationError(_l("Enter the number of people as a whole number, like 12"))
        if field.data and int(field.data) > 0 and not self.channel.data:
            raise ValidationError(_l("Enter where these people told us, like “coffee morning”"))

    def validate_channel(self, field):
        if field.data and not self.people_count.data:
            raise ValidationError(_l("Enter how many people told us this way"))

    def entry_fields(self) -> dict:
        """The entry as `you_said_we_did` takes it."""
        return {
            "theme": self.theme.data, "you_said": self.you_said.data, "we_did": self.we_did.data or "",
            "people_count": int(self.people_count.data) if self.people_count.data else 0,
            "channel": self.channel.data or "", "decided_by": self.decided_by.data or "",
            "decided_on": self.decided_on.data, "outcome": self.outcome.data or "",
            "item_ids": [int(v) for v in self.items.data], "action_ids": [int(v) for v in self.actions.data],
            "service_ids": list(self.services.data),
        }
