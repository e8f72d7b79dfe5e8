"""Pages for content in other languages.

- Providers (for their own organisations' listings) and officers translate a listing, one language
  at a time: /providers/listings/<id>/translations[/<language>]; and their organisation's name and
  description: /providers/organisations/<id>/translations[/<language>]. Another organisation's
  listing or organisation answers 404, as everywhere in the provider pages, so ids say nothing.
- Officers see what is missing and translate everything else, export strings for a translator and
  import them back: /review/translations/...

Also the template helpers every public page uses to show content in the reader's language.
Routes only parse, call content_translations / translation_exchange, and render.
"""
from __future__ import annotations

import math
import os
import uuid
from datetime import date

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.models import OFFICER, PROVIDER
from portal.paging import page_number
from portal.permissions import role_required

from . import content_translations as ct
from . import memberships
from . import translation_exchange as exchange
from .models import CONTENT_ORGANISATION, CONTENT_SERVICE
from .translation_forms import ButtonForm, ExportForm, ImportForm, translation_form

bp = Blueprint("translations", __name__)

provider_or_officer = role_required(PROVIDER, OFFICER)
officer_only = role_required(OFFICER)
ROWS_PER_PAGE = 50


# ---------------------------------------------------------------------------------------------------------
# Template helpers (see templates/directory/_localised.html)
# ---------------------------------------------------------------------------------------------------------

@bp.app_template_global("localised")
def localised_helper(record, kind: str = CONTENT_SERVICE):
    """`{% set loc = localised(service) %}`: the record's fields in the reader's language."""
    return ct.localise(record, kind)


@bp.app_template_global("localised_all")
def localised_all_helper(records, kind: str = CONTENT_SERVICE):
    """Read the translations of a list of records at once (a search page's cards), for `localised` to use.
    Listings' organisations are read too, as cards show who provides each listing."""
    if kind == CONTENT_SERVICE:
        return ct.localise_services(records)
    return ct.localise_all(records, kind)


@bp.app_template_global("localised_organisation")
def localised_organisation_helper(organisation):
    """An organisation (name, description) in the reader's language."""
    return ct.localise_organisation(organisation)


@bp.app_template_global("takeaway_listings")
def takeaway_listings_helper(services):
    """Listings as the shortlist and its print view show them (ct.TakeawayListing), in the reader's language."""
    return ct.takeaway_listings(services)


@bp.app_template_global("localised_term")
def localised_term_helper(term):
    """A taxonomy term in the reader's language."""
    return ct.localise_term(term)


@bp.app_template_global("localised_term_names")
def localised_term_names_helper(terms):
    """The names of several terms in the reader's language (LocalTexts), e.g. for a section's notes."""
    return [ct.localise_term(term).name for term in terms]


@bp.app_template_global("in_english")
def in_english_helper(text: str | None):
    """Text that only exists in English, marked as English for other readers."""
    language = ct.reader_language()
    return ct.LocalText(text or "", fallback=language != ct.SOURCE_LANGUAGE and bool(text),
                        rtl_page=ct.is_rtl(language))


@bp.app_template_global("language_notes")
def language_notes_helper(*texts):
    """The notes for a section showing these texts (LocalTexts, or lists of them)."""
    flat = []
    for text in texts:
        flat += list(text) if isinstance(text, (list, tuple)) else [text]
    return ct.notes_for(flat)


@bp.app_template_global("translatable_kinds")
def translatable_kinds_helper():
    """Every kind of record that can be translated, for the officers' menu."""
    return list(ct.KINDS.values())


def _label(code: str) -> str:
    return ct.language_label(code, get_locale())


def _languages() -> list[tuple[str, str]]:
    return [(code, _label(code)) for code in ct.target_languages()]


def _language_or_404(language: str) -> str:
    if not ct.is_target_language(language):
        abort(404)
    return language


# ---------------------------------------------------------------------------------------------------------
# Translating one record into one language
# ---------------------------------------------------------------------------------------------------------

def _editor(kind: ct.ContentKind, record, language: str, *, back_url: str, save_url: str, caption: str):
    """Show the translation form for a record, or save it and go back."""
    can_review = ct.may_mark_reviewed(current_user)
    stored = ct.translations_for(kind.name, kind.key(record), language)
    # Fields with no English have nothing to translate.
    field_names = [name for name in kind.fields if kind.english(record, name)]
    data = {name: stored[name].text for name in field_names if name in stored}
    if can_review:
        data["reviewed"] = bool(stored) and all(row.reviewed for row in stored.values())
    form = translation_form(kind, field_names, can_review=can_review,
                            formdata=request.form if request.method == "POST" else None, data=data)
    error = ""
    if request.method == "POST" and form.validate_on_submit():
        try:
            ct.save_translations(current_user, kind.name, record, language, form.values(),
                                 reviewed=bool(can_review and form.reviewed.data))
        except ct.TranslationError as problem:
            if problem.field and problem.field in form:
                form[problem.field].errors = [*form[problem.field].errors, str(problem)]
            else:
                error = str(problem)
        else:
            flash(_("Saved: %(language)s translation", language=_label(language)), "success")
            return redirect(back_url)
    sources = {name: kind.english(record, name) for name in field_names}
    states = {name: ("out_of_date" if ct.is_out_of_date(stored[name], sources[name])
                     else "checked" if stored[name].reviewed else "unchecked")
              for name in field_names if name in stored and stored[name].text}
    return render_template(
        "directory/translations/edit.html", kind=kind, record=record, language=language,
        language_label=_label(language), language_dir="rtl" if ct.is_rtl(language) else "ltr", form=form,
        field_names=field_names, sources=sources, states=states, can_review=can_review, error=error,
        back_url=back_url, save_url=save_url, caption=caption,
    ), 400 if (form.errors or error) else 200


def _listing_or_404(service_id: uuid.UUID):
    service = memberships.listing_for(current_user, service_id)
    if service is None:
        abort(404)
    return service


@bp.get("/providers/listings/<uuid:service_id>/translations")
@provider_or_officer
def listing(service_id: uuid.UUID):
    service = _listing_or_404(service_id)
    languages = _languages()
    return render_template("directory/translations/listing.html", service=service,
                           states=ct.record_states(CONTENT_SERVICE, service), languages=languages,
                           can_review=ct.may_mark_reviewed(current_user),
                           edit_urls={code: url_for("translations.edit_listing", service_id=service.id, language=code)
                                      for code, _name in languages})


@bp.route("/providers/listings/<uuid:service_id>/translations/<language>", methods=["GET", "POST"])
@provider_or_officer
def edit_listing(service_id: uuid.UUID, language: str):
    service = _listing_or_404(service_id)
    _language_or_404(language)
    return _editor(ct.KINDS[CONTENT_SERVICE], service, language,
                   back_url=url_for("translations.listing", service_id=service.id),
                   save_url=url_for("translations.edit_listing", service_id=service.id, language=language),
                   caption=service.name)


def _organisation_or_404(org_id: uuid.UUID):
    organisation = memberships.organisation_for_member(current_user, org_id)
    if organisation is None:
        abort(404)
    return organisation


def _organisation_back_url() -> str:
    """Officers go back to every organisation's translations; providers to their dashboard."""
    if ct.may_mark_reviewed(current_user):
        return url_for("translations.records", kind_name=CONTENT_ORGANISATION)
    return url_for("providers.dashboard")


@bp.get("/providers/organisations/<uuid:org_id>/translations")
@provider_or_officer
def organisation(org_id: uuid.UUID):
    organisation = _organisation_or_404(org_id)
    languages = _languages()
    return render_template(
        "directory/translations/organisation.html", organisation=organisation,
        states=ct.record_states(CONTENT_ORGANISATION, organisation), languages=languages,
        can_review=ct.may_mark_reviewed(current_user), back_url=_organisation_back_url(),
        edit_urls={code: url_for("translations.edit_organisation", org_id=organisation.id, language=code)
                   for code, _name in languages})


@bp.route("/providers/organisations/<uuid:org_id>/translations/<language>", methods=["GET", "POST"])
@provider_or_officer
def edit_organisation(org_id: uuid.UUID, language: str):
    organisation = _organisation_or_404(org_id)
    _language_or_404(language)
    return _editor(ct.KINDS[CONTENT_ORGANISATION], organisation, language,
                   back_url=url_for("translations.organisation", org_id=organisation.id),
                   save_url=url_for("translations.edit_organisation", org_id=organisation.id, language=language),
                   caption=organisation.name)


def _kind_or_404(kind_name: str) -> ct.ContentKind:
    kind = ct.kind_of(kind_name)
    if kind is None:
        abort(404)
    return kind


@bp.route("/review/translations/<kind_name>/<object_id>/<language>", methods=["GET", "POST"])
@officer_only
def edit_record(kind_name: str, object_id: str, language: str):
    kind = _kind_or_404(kind_name)
    _language_or_404(language)
    if kind.name == CONTENT_SERVICE:
        return redirect(url_for("translations.edit_listing", service_id=object_id, language=language))
    record = kind.get(object_id)
    if record is None:
        abort(404)
    return _editor(kind, record, language,
                   back_url=url_for("translations.records", kind_name=kind.name, language=language),
                   save_url=url_for("translations.edit_record", kind_name=kind.name, object_id=object_id,
                                    language=language),
                   caption=f"{kind.label}: {kind.title(record)}")


# ---------------------------------------------------------------------------------------------------------
# Officers: coverage, other records, export and import
# ---------------------------------------------------------------------------------------------------------

def _page() -> int:
    return page_number(request.args.get("page"))


@bp.get("/review/translations")
@officer_only
def coverage():
    languages = ct.target_languages()
    lacking = request.args.get("lacking", "")
    if lacking and lacking not in languages:
        lacking = ""
    found = ct.coverage(CONTENT_SERVICE, languages)
    rows = [row for row in found.rows if row.languages[lacking].lacking] if lacking else found.rows
    page_count = max(1, math.ceil(len(rows) / ROWS_PER_PAGE))
    page = min(_page(), page_count)
    return render_template(
        "directory/translations/coverage.html", coverage=found, rows=rows[(page - 1) * ROWS_PER_PAGE:page * ROWS_PER_PAGE],
        row_count=len(rows), page=page, page_count=page_count, lacking=lacking, languages=_languages())


@bp.get("/review/translations/<kind_name>")
@officer_only
def records(kind_name: str):
    kind = _kind_or_404(kind_name)
    if kind.name == CONTENT_SERVICE:
        return redirect(url_for("translations.coverage"))
    language = request.args.get("language", "")
    if not ct.is_target_language(language):
        language = ct.target_languages()[0]
    found = ct.coverage(kind.name, [language])
    return render_template("directory/translations/records.html", kind=kind, coverage=found, language=language,
                           language_label=_label(language), languages=_languages())


def _export_name(language: str, scope: str, extension: str) -> str:
    return f"local-offer-{language}-{scope}-{date.today().isoformat()}.{extension}"


@bp.get("/review/translations/export")
@officer_only
def export():
    form = ExportForm(request.args if request.args else None, languages=_languages())
    if request.args and form.validate():
        units = exchange.export_units(form.language.data, form.scope.data)
        if form.format.data == exchange.FORMAT_XLIFF:
            return Response(exchange.export_xliff(units, form.language.data), mimetype="application/xliff+xml",
                            headers={"Content-Disposition": 'attachment; filename="%s"'
                                     % _export_name(form.language.data, form.scope.data, "xlf")})
        return Response(exchange.export_csv(units), mimetype="text/csv", headers={
            "Content-Disposition": 'attachment; filename="%s"' % _export_name(form.language.data, form.scope.data,
                                                                               "csv")})
    return render_template("directory/translations/export.html", form=form), 400 if form.errors else 200


def _instance() -> str:
    return current_app.instance_path


def _display_name(filename: str | None) -> str:
    """The uploaded file's name, only to show back to the officer (never used as a path)."""
    return os.path.basename((filename or "").replace("\\", "/"))[:200]


@bp.route("/review/translations/import", methods=["GET", "POST"])
@officer_only
def import_upload():
    form = ImportForm()
    if form.validate_on_submit():
        data = form.file.data.stream.read(exchange.MAX_BYTES + 1)
        try:
            exchange.read_rows(data)  # problems with the whole file are shown here; row problems next
        except exchange.ImportFileError as problem:
            form.file.errors = [*form.file.errors, str(problem)]
        else:
            token = exchange.save_upload(_instance(), data, {
                "user_id": current_user.id, "reviewed": bool(form.reviewed.data),
                "filename": _display_name(form.file.data.filename)})
            return redirect(url_for("translations.import_preview", token=token))
    return render_template("directory/translations/import.html", form=form), 400 if form.errors else 200


def _load_import(token: str) -> tuple[bytes, dict]:
    loaded = exchange.load_upload(_instance(), token)
    if loaded is None or loaded[1].get("user_id") != current_user.id:
        abort(404)
    return loaded


def _render_preview(token: str, data: bytes, meta: dict, *, preview=None, error: str = "", status: int = 200):
    if preview is None:
        try:
            preview = exchange.preview_import(exchange.read_rows(data), meta.get("reviewed", False))
        except exchange.ImportFileError as problem:
            exchange.delete_upload(_instance(), token)
            flash(str(problem))
            return redirect(url_for("translations.import_upload"))
    return render_template("directory/translations/import_preview.html", preview=preview, token=token, meta=meta,
                           form=ButtonForm(formdata=None), error=error, label=_label), \
        status if status != 200 else (400 if preview.problems else 200)


@bp.get("/review/translations/import/<token>")
@officer_only
def import_preview(token: str):
    data, meta = _load_import(token)
    return _render_preview(token, data, meta)


@bp.post("/review/translations/import/<token>")
@officer_only
def import_commit(token: str):
    data, meta = _load_import(token)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        done = exchange.import_rows(current_user, exchange.read_rows(data), meta.get("reviewed", False))
    except exchange.ImportFileError:
        return _render_preview(token, data, meta)
    except exchange.ImportRefused as refused:
        return _render_preview(token, data, meta, preview=refused.preview, error=str(refused), status=409)
    exchange.delete_upload(_instance(), token)
    flash(ngettext("Imported: %(num)d translation added or changed", "Imported: %(num)d translations added or changed",
                   len(done.changes)), "success")
    return redirect(url_for("translations.coverage"))
