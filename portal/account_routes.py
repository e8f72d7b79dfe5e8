"""A person's own data: see what we hold and download it, or delete the account.

Routes parse, call portal/account_data.py and render. Only the signed-in person's own data is ever
shown or deleted: no route takes a user id.
"""
from __future__ import annotations

from flask import Blueprint, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from . import account_data
from .extensions import limiter
from .forms import DeleteAccountForm, add_error, error_list
from .models import utcnow
from .permissions import sign_in_required
from .services import AccountError

bp = Blueprint("account", __name__)

DELETED_FLAG = "account_deleted"


@bp.get("/account/data")
@sign_in_required
def data():
    return render_template("portal/account_data.html",
                           may_delete=account_data.may_delete_own_account(current_user))


@bp.get("/account/data.json")
@sign_in_required
def download():
    # A GET is fine: it changes nothing and only ever returns the signed-in person's own data.
    response = make_response(account_data.personal_data_json(current_user._get_current_object()))
    response.mimetype = "application/json"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="local-offer-your-data-{utcnow():%Y-%m-%d}.json"')
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/account/delete", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@sign_in_required
def delete():
    user = current_user._get_current_object()
    allowed = account_data.may_delete_own_account(user)
    form = DeleteAccountForm()
    if request.method == "POST" and not allowed:
        return render_template("portal/delete_account.html", form=form, errors=[], allowed=False), 403
    if allowed and form.validate_on_submit():
        try:
            # TooManyAttempts is shown as the 429 page by errors.py.
            account_data.delete_own_account(user, form.password.data, request.remote_addr or "")
        except AccountError as error:  # the wrong password, among others
            add_error(form, form.password, str(error))
        else:
            logout_user()
            session.clear()
            session[DELETED_FLAG] = True
            return redirect(url_for("account.deleted"))
    status = 400 if form.errors else 200
    return render_template("portal/delete_account.html", form=form, errors=error_list(form), allowed=allowed), status


@bp.get("/account/deleted")
def deleted():
    if not session.pop(DELETED_FLAG, False):
        return redirect(url_for("directory.home"))
    return render_template("portal/account_deleted.html")


@bp.app_template_global()
def personal_data_labels() -> dict[str, str]:
    """Plain words for the sections of the download, for the page that explains it."""
    return {
        "account": _("Your account: email address, name, what you can do, language, when it was made and when "
                     "you last signed in"),
        "directory": _("Organisations you belong to or asked to join, and the changes to listings you made"),
        "feedback": _("Issues and ideas you raised, with our updates on them, your “me too”s, what you follow "
                      "and your notifications"),
        "email": _("The subject and date of every email we sent you"),
        "audit": _("What you did on the site, from our record of changes (what, to which record, when)"),
    }
