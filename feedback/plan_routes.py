"""The action plan and "You said, we did": public pages, and officers' pages under /plan.

Public: /action-plan (every plan, filterable), /action-plan/actions/<id>, /you-said-we-did (filterable),
/you-said-we-did/<id> and /you-said-we-did/report?year=YYYY (the yearly report the SEND Regulations 2014
ask for, reg. 56). Everything under /plan needs the officer role (admins hold it too).
Routes parse input, call plan_services / plan_import / you_said_we_did, and render.
"""
from __future__ import annotations

import os
from datetime import date

from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.utils import secure_filename

from portal.extensions import db
from portal.models import OFFICER
from portal.permissions import role_required

from . import plan_import, plan_services, you_said_we_did as yswd
from .models import ENTRY_PUBLISHED, THEMES, Action, ActionPlan, FeedbackItem, Priority, YouSaidWeDid
from .plan_forms import (NEW_PLAN, ActionForm, ButtonForm, EntryForm, ImportForm, LinkItemForm, PlanForm,
                         PriorityForm, StatusForm)
from .plan_services import PlanError

bp = Blueprint("plan", __name__)

officer_only = role_required(OFFICER)


@bp.app_context_processor
def plan_helpers():
    """Labels and small rules the plan templates share."""
    return {
        "action_status_labels": plan_services.STATUS_LABELS,
        "action_status_tags": plan_services.STATUS_TAG_CLASSES,
        "action_status_order": plan_services.STATUS_ORDER,
        "action_status_hints": plan_services.STATUS_HINTS,
        "effective_due": plan_services.effective_due,
        "is_overdue": plan_services.is_overdue,
        "latest_update": plan_services.latest_update,
        "action_history": plan_services.history,
        "theme_labels": yswd.THEME_LABELS,
        "outcome_labels": yswd.OUTCOME_LABELS,
    }


def _get_or_404(model, record_id):
    record = db.session.get(model, record_id)
    if record is None:
        abort(404)
    return record


def _today() -> date:
    return date.today()


# --- public: the action plan ------------------------------------------------------------------------------

def _plan_filters() -> dict:
    """The filters a reader chose, keeping only values that mean something."""
    status = request.args.get("status", "")
    lead = request.args.get("lead", "")
    priority = request.args.get("priority", "")
    return {
        "status": status if status in plan_services.STATUS_LABELS else None,
        "lead": lead if lead in plan_services.leads() else None,
        "priority_id": int(priority) if priority.isascii() and priority.isdigit() and len(priority) < 10 else None,
    }


@bp.get("/action-plan")
def public_plan():
    filters = _plan_filters()
    views = plan_services.public_plan(**filters)
    actions = [action for view in views for _p, acts in view.priorities for action in acts]
    return render_template(
        "feedback/plan/public_plan.html", views=views, filters=filters, shown=len(actions),
        counts=plan_services.item_counts(actions), leads=plan_services.leads(), all_plans=plan_services.plans(),
        filtered=any(value is not None for value in filters.values()), today=_today())


@bp.get("/action-plan/actions/<int:action_id>")
def public_action(action_id: int):
    action = _get_or_404(Action, action_id)
    return render_template("feedback/plan/public_action.html", action=action, plan=plan_services.plan_of(action),
                           public_items=[item for item in action.items if item.shown_publicly], today=_today())


# --- public: You said, we did ----------------------------------------------------------------------------

@bp.get("/you-said-we-did")
def you_said_we_did():
    theme = request.args.get("theme", "")
    theme = theme if theme in THEMES else None
    years = yswd.published_years()
    year_text = request.args.get("year", "")
    year = int(year_text) if year_text.isascii() and year_text.isdigit() and int(year_text) in years else None
    entries = yswd.published_entries(theme=theme, year=year)
    return render_template("feedback/you_said_we_did/index.html", entries=entries, theme=theme, year=year,
                           years=years, people={entry.id: yswd.people_behind(entry) for entry in entries},
                           filtered=theme is not None or year is not None)


@bp.get("/you-said-we-did/<int:entry_id>")
def public_entry(entry_id: int):
    entry = yswd.public_entry(entry_id)
    if entry is None:
        abort(404)
    return render_template("feedback/you_said_we_did/entry.html", entry=entry, people=yswd.people_behind(entry),
                           services=[s for s in yswd.services_of(entry) if s.is_published],
                           public_items=[item for item in entry.items if item.shown_publicly], today=_today())


@bp.get("/you-said-we-did/report")
def report():
    try:
        year = yswd.parse_year(request.args.get("year"), _today())
    except yswd.EntryError as error:
        return render_template("feedback/you_said_we_did/report.html", report=None, error=str(error),
                               year_text=request.args.get("year", ""), this_year=_today().year), 400
    return render_template("feedback/you_said_we_did/report.html", report=yswd.report_for_year(year), error="",
                           year_text=str(year), this_year=_today().year, today=_today())


# --- officers: plans and priorities -----------------------------------------------------------------------

@bp.get("/plan/")
@officer_only
def plans():
    all_plans = plan_services.plans()
    return render_template("feedback/plan/plans.html", plans=all_plans, today=_today())


@bp.route("/plan/new", methods=["GET", "POST"])
@officer_only
def new_plan():
    form = PlanForm()
    if form.validate_on_submit():
        try:
            made = plan_services.create_plan(current_user, form.title.data, form.description.data)
        except PlanError as error:
            db.session.rollback()
            _field_error(form, error, "title")
        else:
            flash(_("The plan “%(title)s” has been created", title=made.title), "success")
            return redirect(url_for("plan.plan", plan_id=made.id))
    return render_template("feedback/plan/plan_form.html", form=form, plan=None), 400 if form.errors else 200


@bp.get("/plan/<int:plan_id>")
@officer_only
def plan(plan_id: int):
    found = _get_or_404(ActionPlan, plan_id)
    actions = [action for priority in found.priorities for action in priority.actions]
    return render_template("feedback/plan/plan.html", plan=found, counts=plan_services.item_counts(actions),
                           status_counts=plan_services.status_counts(actions), today=_today())


@bp.route("/plan/<int:plan_id>/edit", methods=["GET", "POST"])
@officer_only
def edit_plan(plan_id: int):
    found = _get_or_404(ActionPlan, plan_id)
    form = PlanForm(obj=found)
    if form.validate_on_submit():
        try:
            plan_services.update_plan(current_user, found, form.title.data, form.description.data)
        except PlanError as error:
            db.session.rollback()
            _field_error(form, error, "title")
        else:
            flash(_("The plan has been updated"), "success")
            return redirect(url_for("plan.plan", plan_id=found.id))
    return render_template("feedback/plan/plan_form.html", form=form, plan=found), 400 if form.errors else 200


@bp.route("/plan/<int:plan_id>/priorities/new", methods=["GET", "POST"])
@officer_only
def new_priority(plan_id: int):
    found = _get_or_404(ActionPlan, plan_id)
    form = PriorityForm()
    if form.validate_on_submit():
        try:
            plan_services.add_priority(current_user, found, form.ref.data, form.title.data)
        except PlanError as error:
            db.session.rollback()
            _field_error(form, error, "title")
        else:
            flash(_("The priority has been added"), "success")
            return redirect(url_for("plan.plan", plan_id=found.id))
    return render_template("feedback/plan/priority_form.html", form=form, plan=found, priority=None), \
        400 if form.errors else 200


@bp.route("/plan/priorities/<int:priority_id>/edit", methods=["GET", "POST"])
@officer_only
def edit_priority(priority_id: int):
    priority = _get_or_404(Priority, priority_id)
    form = PriorityForm(obj=priority)
    if form.validate_on_submit():
        try:
            plan_services.update_priority(current_user, priority, form.ref.data, form.title.data)
        except PlanError as error:
            db.session.rollback()
            _field_error(form, error, "title")
        else:
            flash(_("The priority has been updated"), "success")
            return redirect(url_for("plan.plan", plan_id=priority.plan_id))
    return render_template("feedback/plan/priority_form.html", form=form, plan=priority.plan, priority=priority), \
        400 if form.errors else 200


# --- officers: actions -----------------------------------------------------------------------------------

def _field_error(form, error, default: str) -> None:
    """Show a rule the service refused next to the input it is about."""
    target = getattr(form, getattr(error, "field", "") or default, None) or getattr(form, default)
    target.errors = list(target.errors) + [str(error)]


@bp.route("/plan/<int:plan_id>/actions/new", methods=["GET", "POST"])
@officer_only
def new_action(plan_id: int):
    found = _get_or_404(ActionPlan, plan_id)
    if not found.priorities:
        flash(_("Add a priority before adding actions"))
        return redirect(url_for("plan.new_priority", plan_id=found.id))
    form = ActionForm(priorities=found.priorities)
    if request.method == "GET":
        chosen = request.args.get("priority", "")
        form.priority.data = chosen if chosen in {value for value, _l, _h in form.priority.options} else None
        form.status.data = plan_services.NOT_STARTED
    if form.validate_on_submit():
        priority = _get_or_404(Priority, int(form.priority.data))
        try:
            made = plan_services.add_action(current_user, priority, status=form.status.data, note=form.note.data,
                                            **form.action_fields())
        except PlanError as error:
            db.session.rollback()
            _field_error(form, error, "ref")
        else:
            flash(_("Action %(ref)s has been added", ref=made.ref), "success")
            return redirect(url_for("plan.action", action_id=made.id))
    return render_template("feedback/plan/action_form.html", form=form, plan=found, action=None), \
        400 if form.errors else 200


@bp.route("/plan/actions/<int:action_id>/edit", methods=["GET", "POST"])
@officer_only
def edit_action(action_id: int):
    action = _get_or_404(Action, action_id)
    found = plan_services.plan_of(action)
    form = ActionForm(obj=action, priorities=found.priorities, adding=False)
    if request.method == "GET":
        form.priority.data = str(action.priority_id)
    if form.validate_on_submit():
        priority = _get_or_404(Priority, int(form.priority.data))
        try:
            plan_services.update_action(current_user, action, priority=priority, **form.action_fields())
        except PlanError as error:
            db.session.rollback()
            _field_error(form, error, "ref")
        else:
            flash(_("Action %(ref)s has been updated", ref=action.ref), "success")
            return redirect(url_for("plan.action", action_id=action.id))
    return render_template("feedback/plan/action_form.html", form=form, plan=found, action=action), \
        400 if form.errors else 200


def _render_action(action: Action, *, status_form: StatusForm | None = None, link_form: LinkItemForm | None = None,
                   code: int = 200):
    if status_form is None:
        status_form = StatusForm(formdata=None)
        status_form.status.data = action.status
    return render_template(
        "feedback/plan/action.html", action=action, plan=plan_services.plan_of(action), status_form=status_form,
        link_form=link_form or LinkItemForm(formdata=None, items=plan_services.open_items()),
        button_form=ButtonForm(formdata=None), today=_today(),
    ), code


@bp.get("/plan/actions/<int:action_id>")
@officer_only
def action(action_id: int):
    return _render_action(_get_or_404(Action, action_id))


@bp.post("/plan/actions/<int:action_id>/progress")
@officer_only
def update_progress(action_id: int):
    found = _get_or_404(Action, action_id)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            update = plan_services.change_status(current_user, found, form.status.data, form.note.data)
        except PlanError as error:
            db.session.rollback()
            _field_error(form, error, "status")
        else:
            if update.status_from != update.status_to:
                flash(_("Action %(ref)s is now %(status)s", ref=found.ref,
                        status=plan_services.STATUS_LABELS[update.status_to]), "success")
            else:
                flash(_("Your progress note has been added to action %(ref)s", ref=found.ref), "success")
            return redirect(url_for("plan.action", action_id=found.id))
    return _render_action(found, status_form=form, code=400)


@bp.post("/plan/actions/<int:action_id>/items")
@officer_only
def link_item(action_id: int):
    found = _get_or_404(Action, action_id)
    form = LinkItemForm(items=plan_services.open_items())
    if form.validate_on_submit():
        item = db.session.get(FeedbackItem, form.item_id) if form.item_id is not None else None
        if item is None:
            form.item_number.errors.append(_("There is no feedback item with that number"))
        else:
            try:
                linked = plan_services.link_item(current_user, found, item)
            except PlanError as error:
                db.session.rollback()
                form.item_number.errors.append(str(error))
            else:
                if linked:
                    flash(_("Feedback item %(id)s is linked to this action", id=item.id), "success")
                else:
                    flash(_("Feedback item %(id)s was already linked to this action", id=item.id))
                # No "#linked-items": Chromium takes focus off the success banner to go to a fragment, so
                # keyboard and screen reader users would not be told what happened.
                return redirect(url_for("plan.action", action_id=found.id))
    return _render_action(found, link_form=form, code=400)


@bp.post("/plan/actions/<int:action_id>/items/<int:item_id>/unlink")
@officer_only
def unlink_item(action_id: int, item_id: int):
    found = _get_or_404(Action, action_id)
    item = _get_or_404(FeedbackItem, item_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    if plan_services.unlink_item(current_user, found, item):
        flash(_("Feedback item %(id)s is no longer linked to this action", id=item.id), "success")
        return redirect(url_for("plan.action", action_id=found.id))  # the banner takes focus (see link_item)
    return redirect(url_for("plan.action", action_id=found.id) + "#linked-items")


@bp.route("/plan/actions/<int:action_id>/delete", methods=["GET", "POST"])
@officer_only
def delete_action(action_id: int):
    found = _get_or_404(Action, action_id)
    form = ButtonForm()
    if form.validate_on_submit():
        plan_id, ref = plan_services.plan_of(found).id, found.ref
        plan_services.delete_action(current_user, found)
        flash(_("Action %(ref)s has been deleted", ref=ref), "success")
        return redirect(url_for("plan.plan", plan_id=plan_id))
    return render_template("feedback/plan/delete_action.html", action=found, form=form)


# --- officers: import and export -------------------------------------------------------------------------

def _instance() -> str:
    return current_app.instance_path


def _export_name(found: ActionPlan, extension: str) -> str:
    return (secure_filename(found.title) or "action-plan")[:80] + f"-{date.today().isoformat()}.{extension}"


@bp.get("/plan/<int:plan_id>/export.csv")
@officer_only
def export_csv(plan_id: int):
    found = _get_or_404(ActionPlan, plan_id)
    return Response(plan_import.export_csv(found), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{_export_name(found, "csv")}"'})


@bp.get("/plan/<int:plan_id>/export.xlsx")
@officer_only
def export_xlsx(plan_id: int):
    found = _get_or_404(ActionPlan, plan_id)
    return Response(plan_import.export_xlsx(found),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{_export_name(found, "xlsx")}"'})


@bp.route("/plan/import", methods=["GET", "POST"])
@officer_only
def import_upload():
    form = ImportForm(plans=plan_services.plans())
    if request.method == "GET" and request.args.get("plan", "").isdigit():
        form.plan.data = request.args["plan"]
    if form.validate_on_submit():
        data, problem = _read_upload(form)
        if problem:
            form.file.errors = list(form.file.errors) + [problem]
        else:
            meta = {"user_id": current_user.id, "plan_id": None if form.plan.data == NEW_PLAN else int(form.plan.data),
                    "plan_title": form.plan_title.data or "", "filename": _display_name(form.file.data.filename)}
            token = plan_import.save_upload(_instance(), data, meta)
            return redirect(url_for("plan.import_preview", token=token))
    return render_template("feedback/plan/import.html", form=form, max_rows=plan_import.MAX_ROWS), \
        400 if form.errors else 200


def _read_upload(form: ImportForm) -> tuple[bytes, str]:
    """The uploaded bytes, or a message saying why the file cannot be used."""
    if request.content_length and request.content_length > plan_import.MAX_BYTES + 64 * 1024:
        return b"", _("The file must be smaller than 5 MB")
    data = form.file.data.stream.read(plan_import.MAX_BYTES + 1)
    try:
        plan_import.build_preview(data)  # problems with the whole file are shown here; row problems come next
    except plan_import.ImportFileError as error:
        return b"", str(error)
    return data, ""


def _display_name(filename: str) -> str:
    """The uploaded file's name, only to show back to the officer (it is never used as a path)."""
    return os.path.basename((filename or "").replace("\\", "/"))[:200]


def _load_import(token: str):
    loaded = plan_import.load_upload(_instance(), token)
    if loaded is None or loaded[1].get("user_id") != current_user.id:
        abort(404)
    data, meta = loaded
    target = None
    if meta.get("plan_id") is not None:
        target = db.session.get(ActionPlan, meta["plan_id"])
        if target is None:
            abort(404)
    return data, meta, target


def _render_preview(token: str, data: bytes, meta: dict, target: ActionPlan | None, *, error: str = "",
                    code: int = 200):
    try:
        preview = plan_import.build_preview(data, target)
    except plan_import.ImportFileError as problem:
        plan_import.delete_upload(_instance(), token)
        flash(str(problem))
        return redirect(url_for("plan.import_upload"))
    return render_template("feedback/plan/import_preview.html", preview=preview, token=token, meta=meta,
                           target=target, form=ButtonForm(formdata=None), error=error), code


@bp.get("/plan/import/<token>")
@officer_only
def import_preview(token: str):
    data, meta, target = _load_import(token)
    return _render_preview(token, data, meta, target)


@bp.post("/plan/import/<token>")
@officer_only
def import_commit(token: str):
    data, meta, target = _load_import(token)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        preview = plan_import.build_preview(data, target)
    except plan_import.ImportFileError:
        return _render_preview(token, data, meta, target)
    if not preview.ok:
        return _render_preview(token, data, meta, target, code=409,
                               error=_("Nothing was imported: fix the problems in the file and upload it again"))
    try:
        made = plan_services.import_actions(current_user, [row.to_new_action() for row in preview.rows],
                                            plan=target, plan_title=meta.get("plan_title", ""))
    except PlanError as problem:
        return _render_preview(token, data, meta, target, code=409,
                               error=_("Nothing was imported: %(problem)s", problem=str(problem)))
    plan_import.delete_upload(_instance(), token)
    flash(_("%(count)s actions were imported into “%(title)s”", count=len(preview.rows), title=made.title),
          "success")
    return redirect(url_for("plan.plan", plan_id=made.id))


@bp.post("/plan/import/<token>/cancel")
@officer_only
def import_cancel(token: str):
    _load_import(token)
    if not ButtonForm().validate_on_submit():
        abort(400)
    plan_import.delete_upload(_instance(), token)
    flash(_("The upload was cancelled and the file deleted"))
    return redirect(url_for("plan.import_upload"))


# --- officers: You said, we did --------------------------------------------------------------------------

def _entry_form(**kwargs) -> EntryForm:
    return EntryForm(theme_labels=yswd.THEME_LABELS, outcome_labels=yswd.OUTCOME_LABELS,
                     items=yswd.linkable_items(), actions=yswd.linkable_actions(),
                     services=yswd.linkable_services(), **kwargs)


@bp.get("/plan/you-said-we-did/")
@officer_only
def entries():
    found = yswd.all_entries()
    return render_template("feedback/you_said_we_did/officer_list.html", entries=found,
                           people={entry.id: yswd.people_behind(entry) for entry in found},
                           status_labels=yswd.ENTRY_STATUS_LABELS)


@bp.route("/plan/you-said-we-did/new", methods=["GET", "POST"])
@officer_only
def new_entry():
    form = _entry_form()
    if request.method == "GET":
        chosen = request.args.get("item", "")
        if chosen in {value for value, _l, _h in form.items.options}:
            form.items.data = [chosen]
    if form.validate_on_submit():
        try:
            made = yswd.create_entry(current_user, **form.entry_fields())
        except yswd.EntryError as error:
            db.session.rollback()
            _field_error(form, error, "you_said")
        else:
            flash(_("The draft has been saved"), "success")
            return redirect(url_for("plan.entry", entry_id=made.id))
    return render_template("feedback/you_said_we_did/form.html", form=form, entry=None), 400 if form.errors else 200


@bp.route("/plan/you-said-we-did/<int:entry_id>/edit", methods=["GET", "POST"])
@officer_only
def edit_entry(entry_id: int):
    found = _get_or_404(YouSaidWeDid, entry_id)
    form = _entry_form(obj=found)
    if request.method == "GET":
        form.people_count.data = str(found.people_count) if found.people_count else ""
        form.items.data = [str(item.id) for item in found.items]
        form.actions.data = [str(action.id) for action in found.actions]
        form.services.data = [str(service.id) for service in yswd.services_of(found)]
        form.outcome.data = found.outcome or None
    if form.validate_on_submit():
        try:
            yswd.update_entry(current_user, found, **form.entry_fields())
        except yswd.EntryError as error:
            db.session.rollback()
            _field_error(form, error, "you_said")
        else:
            flash(_("Your changes have been saved"), "success")
            return redirect(url_for("plan.entry", entry_id=found.id))
    return render_template("feedback/you_said_we_did/form.html", form=form, entry=found), \
        400 if form.errors else 200


def _render_entry(found: YouSaidWeDid, *, error: str = "", code: int = 200):
    return render_template("feedback/you_said_we_did/officer_entry.html", entry=found, error=error,
                           people=yswd.people_behind(found), services=yswd.services_of(found),
                           missing=yswd.missing_for_publishing(found), form=ButtonForm(formdata=None),
                           status_labels=yswd.ENTRY_STATUS_LABELS), code


@bp.get("/plan/you-said-we-did/<int:entry_id>")
@officer_only
def entry(entry_id: int):
    return _render_entry(_get_or_404(YouSaidWeDid, entry_id))


@bp.post("/plan/you-said-we-did/<int:entry_id>/publish")
@officer_only
def publish_entry(entry_id: int):
    found = _get_or_404(YouSaidWeDid, entry_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        told = yswd.publish_entry(current_user, found)
    except yswd.EntryError as error:
        db.session.rollback()
        return _render_entry(found, error=str(error), code=409)
    if told:
        flash(_("The entry is published. %(count)s people who raised or followed its feedback were told",
                count=told), "success")
    else:
        flash(_("The entry is published"), "success")
    return redirect(url_for("plan.entry", entry_id=found.id))


@bp.post("/plan/you-said-we-did/<int:entry_id>/unpublish")
@officer_only
def unpublish_entry(entry_id: int):
    found = _get_or_404(YouSaidWeDid, entry_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        yswd.unpublish_entry(current_user, found)
    except yswd.EntryError as error:
        db.session.rollback()
        return _render_entry(found, error=str(error), code=409)
    flash(_("The entry is back to draft and no longer public"), "success")
    return redirect(url_for("plan.entry", entry_id=found.id))


@bp.route("/plan/you-said-we-did/<int:entry_id>/delete", methods=["GET", "POST"])
@officer_only
def delete_entry(entry_id: int):
    found = _get_or_404(YouSaidWeDid, entry_id)
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            yswd.delete_entry(current_user, found)
        except yswd.EntryError as error:
            db.session.rollback()
            return _render_entry(found, error=str(error), code=409)
        flash(_("The draft has been deleted"), "success")
        return redirect(url_for("plan.entries"))
    if found.status == ENTRY_PUBLISHED:
        return _render_entry(found, error=_("Unpublish the entry before deleting it"), code=409)
    return render_template("feedback/you_said_we_did/delete.html", entry=found, form=form)

