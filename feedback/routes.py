"""Forum feedback and officers' triage.

Forum members raise items, say "me too" and follow; everyone can read items shown publicly and the
performance against the response standards; officers triage, answer, merge, redact and publish, keep
response templates and read the insight pages. Routes parse, call a service function, render.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from portal.extensions import db, limiter
from portal.models import FORUM_MEMBER, OFFICER
from portal.permissions import role_required, sign_in_required

from . import insight, services, standards
from .forms import ButtonForm, ItemForm, MergeForm, MoveForm, NoteForm, RedactForm, ShowForm, TemplateForm, UpdateForm
from .models import CLOSED, ITEM_STATES, OUTCOMES, SIGNPOSTS, THEMES, FeedbackItem, ResponseTemplate
from .personal_data import scan_item
from .services import FeedbackError

bp = Blueprint("feedback", __name__)

forum_only = role_required(FORUM_MEMBER)
officer_only = role_required(OFFICER)


@bp.app_context_processor
def feedback_labels():
    """Labels the feedback templates share."""
    return {"feedback_labels": {
        "themes": services.THEME_LABELS, "states": services.STATE_LABELS, "tags": services.STATE_TAG_CLASSES,
        "outcomes": services.OUTCOME_LABELS, "signposts": services.SIGNPOST_LABELS,
        "acknowledge_days": standards.acknowledge_days(), "respond_days": standards.respond_days(),
    }}


@bp.app_template_filter("local_date")
def local_date_filter(moment):
    """A stored (UTC) time as its date in England."""
    return standards.local_date(moment) if moment is not None else None


def _item_or_404(item_id: int) -> FeedbackItem:
    item = services.get_item(item_id)
    if item is None:
        abort(404)
    return item


def _visible_item_or_404(item_id: int) -> FeedbackItem:
    """An item the current user may see; 404 otherwise, so private items do not reveal they exist."""
    item = _item_or_404(item_id)
    if not services.can_view(current_user, item):
        abort(404)
    return item


def _field_error(form, error: FeedbackError) -> None:
    """Put a service's message next to its field, or at the top of the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [str(error)]
    else:
        form.form_errors.append(str(error))


# --- forum members ---------------------------------------------------------------------------------------

@bp.route("/feedback/new", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@forum_only
def new():
    if request.method == "GET":
        # Coming from a service page: /feedback/new?service=<id> starts with that service chosen.
        chosen = services.published_service(request.args.get("service"))
        form = ItemForm(formdata=None, service=str(chosen.id) if chosen else "")
        form.set_services(services.published_services())
        return render_template("feedback/new.html", form=form, service=chosen)
    form = ItemForm()
    form.set_services(services.published_services())
    if form.validate_on_submit():
        try:
            item = services.raise_item(
                current_user, title=form.title.data, body=form.body.data, would_help=form.would_help.data or "",
                theme=form.theme.data, service_id=form.service.data or None,
                may_be_public=form.may_be_public.data == "yes")
        except FeedbackError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            flash(_("Thank you. We have your item and will acknowledge it by %(date)s",
                    date=_long_date(item.acknowledge_due_on)), "success")
            return redirect(url_for("feedback.item", item_id=item.id))
    chosen = services.published_service(form.service.data)
    return render_template("feedback/new.html", form=form, service=chosen), 400


def _long_date(day) -> str:
    return format_date(day, "EEEE d MMMM yyyy")


@bp.get("/feedback/mine")
@forum_only
def mine():
    items = services.items_raised_by(current_user)
    followed = services.items_followed_by(current_user)
    return render_template("feedback/mine.html", items=items, followed=followed,
                           counts=services.support_counts(items + followed), next_due=services.next_due,
                           today=standards.today(), is_overdue=standards.is_overdue)


@bp.get("/feedback/items/<int:item_id>")
def item(item_id: int):
    found = _visible_item_or_404(item_id)
    officer = services.is_officer(current_user)
    merged_into = found.merged_into
    return render_template(
        "feedback/item.html", item=found, officer=officer, raiser=services.is_raiser(current_user, found),
        forum_member=services.is_forum_member(current_user),
        updates=services.updates_of(found, with_notes=officer), supporters=services.support_count(found),
        supported=services.has_supported(current_user, found), following=services.is_following(current_user, found),
        service=services.published_service(found.service_id) if found.service_id else None,
        merged_into=merged_into if merged_into is not None and services.can_view(current_user, merged_into) else None,
        next_due=services.next_due(found), button_form=ButtonForm(formdata=None))


@bp.get("/feedback/public")
def public():
    theme = request.args.get("theme", "")
    theme = theme if theme in THEMES else ""
    items = services.public_items(theme or None)
    return render_template("feedback/public.html", items=items, theme=theme, themes=THEMES,
                           counts=services.support_counts(items))


def _back_to_item(item: FeedbackItem):
    return redirect(url_for("feedback.item", item_id=item.id))


@bp.post("/feedback/items/<int:item_id>/support")
@forum_only
def support(item_id: int):
    found = _visible_item_or_404(item_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        added = services.support_item(current_user, found)
    except FeedbackError as error:
        db.session.rollback()
        flash(str(error), "important")
    else:
        flash(_("You said “me too”. Thank you") if added else _("You have already said “me too” to this item"),
              "success" if added else "important")
    return _back_to_item(found)


@bp.post("/feedback/items/<int:item_id>/follow")
@forum_only
def follow(item_id: int):
    found = _visible_item_or_404(item_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        services.follow_item(current_user, found)
    except FeedbackError as error:
        db.session.rollback()
        flash(str(error), "important")
    else:
        flash(_("You are following this item. We will tell you when it changes"), "success")
    return _back_to_item(found)


@bp.post("/feedback/items/<int:item_id>/unfollow")
@forum_only
def unfollow(item_id: int):
    found = _visible_item_or_404(item_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    services.unfollow_item(current_user, found)
    flash(_("You are no longer following this item"), "success")
    return _back_to_item(found)


@bp.get("/feedback/notifications")
@sign_in_required
def notifications():
    rows = services.notifications_for(current_user)
    unread = {row.id for row in rows if row.read_at is None}
    services.mark_notifications_read(current_user)
    public_url = current_app.config["PUBLIC_URL"].rstrip("/")

    def on_site(link: str) -> str:
        """Links are stored in full for email; on the site they stay on this site."""
        return link[len(public_url):] or "/" if link.startswith(public_url) else link

    return render_template("feedback/notifications.html", notifications=rows, unread=unread, on_site=on_site)


@bp.get("/feedback/performance")
def performance():
    items = db.session.scalars(db.select(FeedbackItem)).all()
    return render_template("feedback/performance.html",
                           quarters=standards.performance(items, standards.today()),
                           acknowledge_days=standards.acknowledge_days(), respond_days=standards.respond_days(),
                           minimum=standards.MINIMUM_ITEMS)


# --- officers: the list and one item ---------------------------------------------------------------------

@bp.get("/feedback/triage")
@officer_only
def triage():
    status = request.args.get("status", "")
    status = status if status in ITEM_STATES else ""
    theme = request.args.get("theme", "")
    theme = theme if theme in THEMES else ""
    overdue = request.args.get("view") == "overdue"
    items = services.items_for_triage(status=status or None, theme=theme or None, overdue=overdue)
    today = standards.today()
    return render_template(
        "feedback/triage/list.html", items=items, status=status, theme=theme, overdue=overdue, states=ITEM_STATES,
        themes=THEMES, counts=services.support_counts(items), state_counts=services.state_counts(),
        overdue_count=len(services.items_for_triage(overdue=True)) if not overdue else len(items),
        today=today, is_overdue=standards.is_overdue, next_due=services.next_due,
        is_acknowledge_overdue=standards.is_acknowledge_overdue, is_respond_overdue=standards.is_respond_overdue)


def _render_triage(item: FeedbackItem, *, move_form=None, update_form=None, note_form=None, merge_form=None,
                   status: int = 200):
    next_state = services.NEXT_STATE.get(item.status)
    templates = services.response_templates()
    chosen_template = None
    if move_form is None:
        move_form = MoveForm(formdata=None, to=next_state or "")
        update_form = update_form or UpdateForm(formdata=None)
        template_id = request.args.get("template", "")
        if template_id.isdigit():
            chosen_template = db.session.get(ResponseTemplate, int(template_id))
            if chosen_template is not None:
                # Reloading with ?template=ID fills in the response, no JavaScript needed.
                if next_state:
                    move_form.text.data = chosen_template.body
                else:
                    update_form.text.data = chosen_template.body
    today = standards.today()
    return render_template(
        "feedback/triage/item.html", item=item, next_state=next_state, move_form=move_form,
        update_form=update_form or UpdateForm(formdata=None), note_form=note_form or NoteForm(formdata=None),
        merge_form=merge_form or MergeForm(formdata=None), button_form=ButtonForm(formdata=None),
        updates=services.updates_of(item, with_notes=True), supporters=services.support_count(item),
        finding_count=sum(len(found) for found in scan_item(item).values()), templates=templates,
        chosen_template=chosen_template,
        move_labels=services.MOVE_LABELS, outcomes=OUTCOMES, signposts=SIGNPOSTS,
        outcome_hints=services.OUTCOME_HINTS, service=services.published_service(item.service_id),
        acknowledge_overdue=standards.is_acknowledge_overdue(item, today),
        respond_overdue=standards.is_respond_overdue(item, today),
        redactions=services.redactions_of(item), closed=item.status == CLOSED,
    ), status


@bp.get("/feedback/triage/<int:item_id>")
@officer_only
def triage_item(item_id: int):
    return _render_triage(_item_or_404(item_id))


@bp.post("/feedback/triage/<int:item_id>/move")
@officer_only
def move(item_id: int):
    found = _item_or_404(item_id)
    form = MoveForm()
    if form.validate_on_submit():
        try:
            services.move_item(current_user, found, form.to.data or "", text=form.text.data or "",
                               outcome=form.outcome.data or "", reason=form.reason.data or "",
                               signpost=form.signpost.data or "")
        except FeedbackError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            flash(_("Item #%(id)s is now %(state)s", id=found.id, state=services.STATE_WORDS[found.status]),
                  "success")
            return redirect(url_for("feedback.triage_item", item_id=found.id))
    return _render_triage(found, move_form=form, status=400)


@bp.post("/feedback/triage/<int:item_id>/updates")
@officer_only
def add_update(item_id: int):
    found = _item_or_404(item_id)
    form = UpdateForm()
    if form.validate_on_submit():
        try:
            services.add_update(current_user, found, form.text.data, public=True)
        except FeedbackError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            flash(_("Your update is on the item. The forum member and followers have been told"), "success")
            return redirect(url_for("feedback.triage_item", item_id=found.id))
    return _render_triage(found, update_form=form, move_form=MoveForm(formdata=None, to=services.NEXT_STATE.get(
        found.status, "")), status=400)


@bp.post("/feedback/triage/<int:item_id>/notes")
@officer_only
def add_note(item_id: int):
    found = _item_or_404(item_id)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            services.add_update(current_user, found, form.text.data, public=False)
        except FeedbackError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            flash(_("Your note is saved. Only officers can see it"), "success")
            return redirect(url_for("feedback.triage_item", item_id=found.id))
    return _render_triage(found, note_form=form, move_form=MoveForm(formdata=None, to=services.NEXT_STATE.get(
        found.status, "")), status=400)


@bp.post("/feedback/triage/<int:item_id>/merge")
@officer_only
def merge(item_id: int):
    found = _item_or_404(item_id)
    form = MergeForm()
    if form.validate_on_submit():
        number = form.item_number
        kept = services.get_item(number) if number is not None else None
        if kept is None:
            form.into.errors = list(form.into.errors) + [_("There is no item with that number")]
        else:
            try:
                services.merge_items(current_user, found, kept)
            except FeedbackError as error:
                db.session.rollback()
                _field_error(form, error)
            else:
                flash(_("Item #%(id)s was merged into #%(into)s", id=found.id, into=kept.id), "success")
                return redirect(url_for("feedback.triage_item", item_id=kept.id))
    return _render_triage(found, merge_form=form, move_form=MoveForm(formdata=None, to=services.NEXT_STATE.get(
        found.status, "")), status=400)


# --- officers: checking and showing an item publicly -----------------------------------------------------

def _render_publication(item: FeedbackItem, *, redact_form=None, show_form=None, status: int = 200):
    if redact_form is None:
        redact_form = RedactForm(formdata=None, title=item.title, body=item.body, would_help=item.would_help)
    return render_template(
        "feedback/triage/publication.html", item=item, findings=scan_item(item), redact_form=redact_form,
        show_form=show_form or ShowForm(formdata=None), button_form=ButtonForm(formdata=None),
        redactions=services.redactions_of(item)), status


@bp.get("/feedback/triage/<int:item_id>/public")
@officer_only
def publication(item_id: int):
    return _render_publication(_item_or_404(item_id))


@bp.post("/feedback/triage/<int:item_id>/redact")
@officer_only
def redact(item_id: int):
    found = _item_or_404(item_id)
    form = RedactForm()
    if form.validate_on_submit():
        try:
            services.redact_item(current_user, found, title=form.title.data, body=form.body.data,
                                 would_help=form.would_help.data or "", reason=form.reason.data)
        except FeedbackError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            flash(_("The text is changed and the reason recorded"), "success")
            return redirect(url_for("feedback.publication", item_id=found.id))
    return _render_publication(found, redact_form=form, status=400)


@bp.post("/feedback/triage/<int:item_id>/show")
@officer_only
def show(item_id: int):
    found = _item_or_404(item_id)
    form = ShowForm()
    if form.validate_on_submit():
        try:
            services.show_publicly(current_user, found, checked=bool(form.checked.data))
        except FeedbackError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            flash(_("Item #%(id)s is now shown publicly", id=found.id), "success")
            return redirect(url_for("feedback.triage_item", item_id=found.id))
    return _render_publication(found, show_form=form, status=400)


@bp.post("/feedback/triage/<int:item_id>/hide")
@officer_only
def hide(item_id: int):
    found = _item_or_404(item_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        services.hide_publicly(current_user, found)
    except FeedbackError as error:
        db.session.rollback()
        flash(str(error), "important")
    else:
        flash(_("Item #%(id)s is no longer shown publicly", id=found.id), "success")
    return redirect(url_for("feedback.triage_item", item_id=found.id))


# --- officers: response templates ------------------------------------------------------------------------

def _template_or_404(template_id: int) -> ResponseTemplate:
    template = db.session.get(ResponseTemplate, template_id)
    if template is None:
        abort(404)
    return template


@bp.get("/feedback/templates")
@officer_only
def templates():
    return render_template("feedback/templates/list.html", templates=services.response_templates())


@bp.route("/feedback/templates/new", methods=["GET", "POST"])
@officer_only
def new_template():
    form = TemplateForm() if request.method == "POST" else TemplateForm(formdata=None)
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                services.create_template(current_user, form.title.data, form.body.data)
            except FeedbackError as error:
                db.session.rollback()
                _field_error(form, error)
            else:
                flash(_("Template “%(title)s” is saved", title=form.title.data), "success")
                return redirect(url_for("feedback.templates"))
        return render_template("feedback/templates/form.html", form=form, template=None), 400
    return render_template("feedback/templates/form.html", form=form, template=None)


@bp.route("/feedback/templates/<int:template_id>/edit", methods=["GET", "POST"])
@officer_only
def edit_template(template_id: int):
    template = _template_or_404(template_id)
    if request.method == "GET":
        form = TemplateForm(formdata=None, title=template.title, body=template.body)
        return render_template("feedback/templates/form.html", form=form, template=template)
    form = TemplateForm()
    if form.validate_on_submit():
        try:
            services.update_template(current_user, template, form.title.data, form.body.data)
        except FeedbackError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            flash(_("Template “%(title)s” is saved", title=template.title), "success")
            return redirect(url_for("feedback.templates"))
    return render_template("feedback/templates/form.html", form=form, template=template), 400


@bp.route("/feedback/templates/<int:template_id>/delete", methods=["GET", "POST"])
@officer_only
def delete_template(template_id: int):
    template = _template_or_404(template_id)
    if request.method == "POST":
        if not ButtonForm().validate_on_submit():
            abort(400)
        title = template.title
        services.delete_template(current_user, template)
        flash(_("Template “%(title)s” is deleted", title=title), "success")
        return redirect(url_for("feedback.templates"))
    return render_template("feedback/templates/delete.html", template=template, button_form=ButtonForm(formdata=None))


# --- officers: insight -----------------------------------------------------------------------------------

@bp.get("/feedback/insight")
@officer_only
def insight_page():
    today = standards.today()
    period = insight.period_for(request.args.get("month"), request.args.get("view"), today)
    return render_template(
        "feedback/insight.html", period=period, months=insight.months_offered(today),
        top=insight.top_searches(period), zero=insight.zero_result_searches(period),
        filters=insight.failing_filter_combinations(period), by_theme=insight.feedback_by_theme(period),
        by_status=insight.feedback_by_status(period), table_titles=insight.TABLE_TITLES)


@bp.get("/feedback/insight.csv")
@officer_only
def insight_csv():
    name = request.args.get("table", "")
    if name not in insight.TABLES:
        abort(404)
    period = insight.period_for(request.args.get("month"), request.args.get("view"), standards.today())
    headers, rows = insight.table(name, period, services.THEME_LABELS, services.STATE_LABELS)
    body = "\ufeff" + insight.to_csv(headers, rows)  # the byte order mark makes spreadsheets read UTF-8
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="insight-{name}-{period.slug}.csv"',
        "X-Content-Type-Options": "nosniff"})
