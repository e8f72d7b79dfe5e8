"""Officer pages: the review queue and diffs, versions and archiving, freshness, problem reports.

Every page needs the officer role (admins hold it too). Routes parse, call a service function, render.
"""
from __future__ import annotations

import uuid
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.extensions import db
from portal.models import OFFICER
from portal.permissions import role_required

from . import freshness, problems, review_services
from .listings import ListingError, approve_revision, open_revision, restore_version, versions_of
from .models import ARCHIVED, PROBLEM_NEW, PROBLEM_STATES, REVISION_SUBMITTED, ListingRevision, Service
from .review_forms import ActionForm, ReturnForm
from .snapshots import diff, snapshot_of

bp = Blueprint("review", __name__, url_prefix="/review")

officer_only = role_required(OFFICER)


def _revision_or_404(revision_id: int) -> ListingRevision:
    revision = db.session.get(ListingRevision, revision_id)
    if revision is None:
        abort(404)
    return revision


def _service_or_404(service_id: uuid.UUID) -> Service:
    service = db.session.get(Service, service_id)
    if service is None:
        abort(404)
    return service


def _seen_edit_count() -> int | None:
    """The revision's edit count on the page the officer decided on (None from a form without one)."""
    return request.form.get("seen_edit_count", type=int)


# --- the queue and one change ---------------------------------------------------------------------------

@bp.get("/")
@officer_only
def queue():
    revisions = review_services.review_queue()
    return render_template("directory/review/queue.html", revisions=revisions,
                           is_new=review_services.is_new_listing)


def _render_revision(revision: ListingRevision, *, return_form: ReturnForm | None = None, error: str = "",
                     status: int = 200):
    service = revision.service
    waiting = revision.status == REVISION_SUBMITTED
    return render_template(
        "directory/review/revision.html",
        revision=revision, service=service, is_new=review_services.is_new_listing(revision),
        changes=review_services.revision_changes(revision), waiting=waiting,
        conflict=waiting and revision.base_version != (service.version or 0),
        return_form=return_form or ReturnForm(formdata=None), action_form=ActionForm(formdata=None),
        error=error,
    ), status


@bp.get("/revisions/<int:revision_id>")
@officer_only
def revision(revision_id: int):
    return _render_revision(_revision_or_404(revision_id))


@bp.post("/revisions/<int:revision_id>/approve")
@officer_only
def approve(revision_id: int):
    revision = _revision_or_404(revision_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        approve_revision(current_user, revision, _seen_edit_count())
    except ListingError as error:
        db.session.rollback()
        return _render_revision(revision, error=str(error), status=409)
    flash(_("“%(name)s” is published", name=revision.service.name), "success")
    return redirect(url_for("review.queue"))


@bp.post("/revisions/<int:revision_id>/return")
@officer_only
def send_back(revision_id: int):
    revision = _revision_or_404(revision_id)
    form = ReturnForm()
    if not form.validate_on_submit():
        return _render_revision(revision, return_form=form, status=400)
    try:
        review_services.send_back(current_user, revision, form.reason.data, _seen_edit_count())
    except ListingError as error:
        db.session.rollback()
        return _render_revision(revision, return_form=form, error=str(error), status=409)
    flash(_("“%(name)s” was sent back to the provider", name=revision.service.name), "success")
    return redirect(url_for("review.queue"))


# --- versions and archiving -----------------------------------------------------------------------------

def _render_versions(service: Service, *, error: str = "", status: int = 200):
    pending = open_revision(service)
    return render_template(
        "directory/review/versions.html", service=service, versions=versions_of(service),
        pending=pending if pending is not None and pending.status == REVISION_SUBMITTED else None,
        action_form=ActionForm(formdata=None), archived=service.status == ARCHIVED,
        stale_since=freshness.stale_since(service, date.today()) if service.is_published else None,
        error=error,
    ), status


@bp.get("/services/<uuid:service_id>/versions")
@officer_only
def versions(service_id: uuid.UUID):
    return _render_versions(_service_or_404(service_id))


@bp.get("/services/<uuid:service_id>/versions/<int:number>")
@officer_only
def version(service_id: uuid.UUID, number: int):
    service = _service_or_404(service_id)
    found = review_services.version_of(service, number)
    if found is None:
        abort(404)
    current = snapshot_of(service) if service.version else None
    return render_template(
        "directory/review/version.html", service=service, version=found,
        fields=review_services.describe(found.data),
        changes=diff(found.data, current) if current is not None else [],
        is_current=found.version == service.version, action_form=ActionForm(formdata=None),
    )


@bp.post("/services/<uuid:service_id>/versions/<int:number>/restore")
@officer_only
def restore(service_id: uuid.UUID, number: int):
    service = _service_or_404(service_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        made = restore_version(current_user, service, number)
    except ListingError as error:
        db.session.rollback()
        return _render_versions(service, error=str(error), status=409)
    flash(_("Version %(old)d is published again as version %(new)d", old=number, new=made.version), "success")
    return redirect(url_for("review.versions", service_id=service.id))


@bp.post("/services/<uuid:service_id>/archive")
@officer_only
def archive(service_id: uuid.UUID):
    service = _service_or_404(service_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        review_services.archive_listing(current_user, service)
    except ListingError as error:
        db.session.rollback()
        return _render_versions(service, error=str(error), status=409)
    flash(_("“%(name)s” is archived: it is no longer on the public site", name=service.name), "success")
    return redirect(url_for("review.versions", service_id=service.id))


@bp.post("/services/<uuid:service_id>/unarchive")
@officer_only
def unarchive(service_id: uuid.UUID):
    service = _service_or_404(service_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        review_services.unarchive_listing(current_user, service)
    except ListingError as error:
        db.session.rollback()
        return _render_versions(service, error=str(error), status=409)
    flash(_("“%(name)s” is no longer archived", name=service.name), "success")
    return redirect(url_for("review.versions", service_id=service.id))


# --- freshness ------------------------------------------------------------------------------------------

@bp.get("/freshness", endpoint="freshness")
@officer_only
def freshness_dashboard():
    report = freshness.freshness_report(date.today())
    return render_template("directory/review/freshness.html", report=report,
                           due_on=freshness.due_on, lead_days=freshness.REMINDER_LEAD_DAYS)


# --- problem reports ------------------------------------------------------------------------------------

@bp.get("/reports")
@officer_only
def reports():
    state = request.args.get("state", PROBLEM_NEW)
    if state not in PROBLEM_STATES:
        state = PROBLEM_NEW
    return render_template("directory/review/reports.html", state=state, states=PROBLEM_STATES,
                           reports=problems.reports_in_state(state), counts=problems.counts_by_state(),
                           state_labels=problems.STATE_LABELS, kind_labels=problems.KIND_LABELS,
                           action_form=ActionForm(formdata=None))


@bp.post("/reports/<int:report_id>/state")
@officer_only
def report_state(report_id: int):
    report = problems.problem_report(report_id)
    if report is None:
        abort(404)
    state = request.form.get("state", "")
    if not ActionForm().validate_on_submit() or state not in PROBLEM_STATES:
        abort(400)
    before = report.status
    problems.set_problem_state(current_user, report, state)
    flash(_("The report about “%(name)s” is now: %(state)s", name=report.service.name,
            state=problems.STATE_LABELS[state]), "success")
    return redirect(url_for("review.reports", state=before))
