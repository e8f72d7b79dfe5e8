"""Forms for translating content: one record into one language, and exporting or importing strings.

Choices are SelectChoice objects (WTForms 3.3 deprecates tuples). Field ids are set here so the error
summary's links land on the inputs the templates write.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from . import content_translations as ct
from .translation_exchange import FORMAT_CSV, FORMAT_XLIFF, SCOPE_ALL, SCOPE_MISSING


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ButtonForm(FlaskForm):
    """A button-only form (confirm an import): just the CSRF check."""


class _TranslationForm(FlaskForm):
    field_names: tuple[str, ...] = ()

    def values(self) -> dict[str, str]:
        """The translation of each field, as typed."""
        return {name: self[name].data or "" for name in self.field_names}


def translation_form(kind: ct.ContentKind, field_names: list[str], *, can_review: bool, formdata=None,
                     data: dict | None = None) -> _TranslationForm:
    """A form with a box for each field being translated, and, for officers, "checked by a fluent speaker"."""
    attributes = {"field_names": tuple(field_names)}
    for name in field_names:
        limit = ct.MAX_LENGTHS.get(name, ct.DEFAULT_MAX_LENGTH)
        attributes[name] = TextAreaField(
            kind.fields[name], id=f"translation-{name.replace('_', '-')}", filters=[_strip],
            validators=[Length(max=limit, message=_l("%(field)s must be %(max)s characters or fewer",
                                                     field=kind.fields[name], max=f"{limit:,}"))])
    if can_review:
        attributes["reviewed"] = BooleanField(_l("A fluent speaker has checked this translation"), id="reviewed")
    form_class = type("TranslationForm", (_TranslationForm,), attributes)
    return form_class(formdata=formdata, data=data or {})


class ExportForm(FlaskForm):
    """Which strings to download for a translator (a GET form: it changes nothing)."""

    class Meta:
        csrf = False

    language = SelectField(_l("Language"), id="export-language", validate_choice=False)
    scope = RadioField(
        _l("Which strings"), id="export-scope", default=SCOPE_MISSING,
        choices=[SelectChoice(SCOPE_MISSING, _l("Only those not yet translated, or out of date")),
                 SelectChoice(SCOPE_ALL, _l("All of them, with the translations we have"))],
        invalid_choice_message=_l("Choose which strings to download"))
    format = RadioField(
        _l("File format"), id="export-format", default=FORMAT_CSV,
        choices=[SelectChoice(FORMAT_CSV, _l("CSV, for a spreadsheet")),
                 SelectChoice(FORMAT_XLIFF, _l("XLIFF 1.2, for translation software"))],
        invalid_choice_message=_l("Choose a file format"))

    def __init__(self, *args, languages: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [SelectChoice("", _l("Choose a language"))] + [
            SelectChoice(code, name) for code, name in languages]

    def validate_language(self, field):
        if not ct.is_target_language(field.data):
            raise ValidationError(_l("Choose the language to translate into"))


class ImportForm(FlaskForm):
    """Upload a translator's CSV or XLIFF file, to preview before anything is saved."""

    file = FileField(_l("Upload a file"), id="import-file")
    reviewed = BooleanField(_l("A fluent speaker has checked these translations"), id="import-reviewed")

    def validate_file(self, field):
        if not field.data or not getattr(field.data, "filename", None):
            raise ValidationError(_l("Select a CSV or XLIFF file"))
