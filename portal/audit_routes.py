"""Officers read the audit log: who did what to which record, when, before and after. Nothing here writes."""
from __future__ import annotations

import json
import uuid

from flask import Blueprint, Response, abort, render_template, request, stream_with_context, url_for

from . import audit
from .forms import AuditFilterForm, error_list
from .models import OFFICER, utcnow
from .paging import page_number
from .permissions import role_required

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")

# Where an officer can see the record an entry is about: kind of record -> (endpoint, its id argument, id type).
RECORD_PAGES = {
    "service": ("review.versions", "service_id", uuid.UUID),
    "feedback_item": ("feedback.triage_item", "item_id", int),
    "action": ("plan.action", "action_id", int),
}


@bp.app_template_global()
def audit_record_url(entry) -> str | None:
    """The officers' page of the record an entry is about, where there is one."""
    page = RECORD_PAGES.get(entry.record_type)
    if page is None:
        return None
    endpoint, argument, kind = page
    try:
        return url_for(endpoint, **{argument: kind(entry.record_id)})
    except ValueError:
        return None


def _filter_form() -> AuditFilterForm:
    form = AuditFilterForm(audit.known_actions(), audit.known_record_types(), formdata=request.args)
    if any(request.args.get(name) for name in form._fields):
        form.validate()
    return form


@bp.app_template_global()
def audit_value(value) -> str:
    """A recorded value as an officer reads it: text as it is, lists and objects as JSON, nothing as a dash."""
    if value is None:
        return "–"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


@bp.get("")
@role_required(OFFICER)
def log():
    form = _filter_form()
    entries = audit.audit_page(form.criteria(), page_number(request.args.get("page")))
    filters = {name: request.args[name] for name in form._fields if request.args.get(name)}
    return render_template("portal/audit_log.html", form=form, errors=error_list(form), entries=entries,
                           filters=filters)


@bp.get("/audit-log.csv")
@role_required(OFFICER)
def download():
    """The entries the filter matches (all pages) as CSV."""
    form = _filter_form()
    response = Response(stream_with_context(audit.audit_csv_rows(form.criteria())), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="audit-log-{utcnow():%Y-%m-%d}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<int:entry_id>")
@role_required(OFFICER)
def entry(entry_id: int):
    found = audit.audit_entry(entry_id)
    if found is None:
        abort(404)
    return render_template("portal/audit_entry.html", entry=found, changes=audit.changes_in(found))
