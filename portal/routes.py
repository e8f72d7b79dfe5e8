"""Site-wide pages that belong to no domain, and accounts: sign in and out, passwords, the
account page, and the officers' view of the email outbox."""
from __future__ import annotations

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request, session,
                   url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from . import services, translation_reports
from .email import redact_secrets
from .extensions import db, limiter
from .forms import (ChangePasswordForm, ForgottenPasswordForm, ResetPasswordForm, SignInForm, TranslationReportForm,
                    add_error, error_list)
from .i18n import current_language, language_name
from .models import OFFICER, PROVIDER, ROLES, OutboxMessage, TranslationReport, User
from .paging import page_number
from .passwords import MIN_LENGTH
from .permissions import role_required, safe_next, sign_in_required

bp = Blueprint("portal", __name__)

OUTBOX_PER_PAGE = 50


@bp.before_app_request
def _load_the_user_afresh() -> None:
    """Flask-Login caches the signed-in user on `g`, which lives on the app context. When requests run
    inside an app context that is already pushed (tests, scripts), that context and its `g` are shared,
    so one request's user would leak into the next. Each request works out its own user."""
    g.pop("_login_user", None)


@bp.context_processor
def inject_password_rules():
    return {"password_min_length": MIN_LENGTH}


def _sign_in_limit() -> str:
    return current_app.config.get("SIGN_IN_RATE_LIMIT", "10 per minute")


def _reset_request_limit() -> str:
    return current_app.config.get("PASSWORD_RESET_RATE_LIMIT", "5 per hour")


def _ip_address() -> str:
    return request.remote_addr or ""


def home_for(user: User) -> str:
    """Where someone lands after signing in: their role's main page, if it exists yet, else the home page."""
    if user.has_role(OFFICER) and "review.queue" in current_app.view_functions:
        return url_for("review.queue")
    if user.has_role(PROVIDER) and "providers.dashboard" in current_app.view_functions:
        return url_for("providers.dashboard")
    return url_for("directory.home")


def _start_session(user: User) -> None:
    """A brand-new session for this user: nothing from before signing in is kept (no session fixation)."""
    session.clear()
    login_user(user)


@bp.get("/accessibility")
def accessibility():
    return render_template("portal/accessibility.html")


@bp.get("/about")
def about():
    return render_template("portal/about.html")


@bp.get("/privacy")
def privacy():
    """The privacy notice: what we keep, why, for how long, and who sees it (tests/portal/test_privacy.py
    holds it to what the code does)."""
    config = current_app.config
    return render_template("portal/privacy.html",
                           sign_in_attempt_days=config["SIGN_IN_ATTEMPT_RETENTION_DAYS"],
                           outbox_days=config["OUTBOX_RETENTION_DAYS"],
                           sign_in_failures_allowed=config["SIGN_IN_FAILURES_ALLOWED"],
                           sign_in_failure_minutes=max(1, config["SIGN_IN_FAILURE_WINDOW"] // 60))


def _translation_report_form(formdata=None) -> TranslationReportForm:
    languages = [(row["code"], row["name"]) for row in translation_reports.translation_statuses()]
    form = TranslationReportForm(languages, formdata=formdata)
    if formdata is None:
        # Start from the language the reader is using and the page they came from, if it is ours.
        current = current_language()
        form.language.data = current if current in dict(languages) else None
        came_from = request.args.get("page", "")
        form.page.data = came_from if came_from.startswith("/") and not came_from.startswith("//") else ""
    return form


@bp.route("/translations", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def about_translations():
    """Who translated each language, whether a fluent speaker checked it, and a form to report a bad translation."""
    if request.method == "POST":
        form = _translation_report_form(request.form)
        if form.is_bot:  # the honeypot was filled in: look as if it worked, keep nothing
            return render_template("portal/translation_report_thanks.html")
        if form.validate():
            translation_reports.report_translation(form.language.data, form.problem.data, form.suggestion.data,
                                                   form.page.data, form.email.data)
            return render_template("portal/translation_report_thanks.html")
        status = 400
    else:
        form = _translation_report_form()
        status = 200
    return render_template("portal/translations.html", form=form, errors=error_list(form),
                           statuses=translation_reports.translation_statuses()), status


@bp.get("/translations/reports")
@role_required(OFFICER)
def translation_report_queue():
    """Officers: reports of bad translations waiting, and the latest dealt with."""
    return render_template("portal/translation_reports.html", waiting=translation_reports.reports_waiting(),
                           dealt_with=translation_reports.recent_reports_dealt_with(),
                           language_names={code: language_name(code) for code in current_app.config["LANGUAGES"]})


@bp.post("/translations/reports/<int:report_id>/done")
@role_required(OFFICER)
def translation_report_done(report_id: int):
    report = db.session.get(TranslationReport, report_id)
    if report is None:
        abort(404)
    translation_reports.mark_dealt_with(current_user, report)
    flash(_("Report marked as dealt with"), "success")
    return redirect(url_for("portal.translation_report_queue"))


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in():
    form = SignInForm(next=request.args.get("next", ""))
    if request.method == "GET" and current_user.is_authenticated:
        return redirect(safe_next(form.next.data, home_for(current_user)))
    if form.validate_on_submit():
        # TooManyAttempts is shown as the 429 page by errors.py.
        user = services.authenticate(form.email.data, form.password.data, _ip_address())
        if user is not None:
            _start_session(user)
            return redirect(safe_next(form.next.data, home_for(user)))
        # The same words whether or not the account exists.
        add_error(form, form.email, _("Enter a correct email address and password"))
    return render_template("portal/sign_in.html", form=form, errors=error_list(form))


@bp.post("/sign-out")
def sign_out():
    logout_user()
    session.clear()
    flash(_("You have signed out"), "success")
    return redirect(url_for("directory.home"))


@bp.route("/forgotten-password", methods=["GET", "POST"])
@limiter.limit(_reset_request_limit, methods=["POST"])
def forgotten_password():
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(
            form.email.data, lambda token: url_for("portal.reset_password", token=token, _external=True))
        session["reset_requested_for"] = form.email.data
        return redirect(url_for("portal.reset_link_sent"))
    return render_template("portal/forgotten_password.html", form=form, errors=error_list(form))


@bp.get("/forgotten-password/check-your-email")
def reset_link_sent():
    # The same page whether or not the account exists.
    return render_template("portal/reset_link_sent.html", email=session.pop("reset_requested_for", ""),
                           minutes=max(1, current_app.config["PASSWORD_RESET_MAX_AGE"] // 60))


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = services.user_for_reset_token(token)
    if user is None:
        response = current_app.make_response((render_template("portal/reset_link_invalid.html"), 400))
    else:
        form = ResetPasswordForm()
        form.account_email = user.email
        if form.validate_on_submit():
            try:
                user = services.reset_password(token, form.new_password.data)
            except services.AccountError as error:
                add_error(form, form.new_password, str(error))
            else:
                if user is None:  # used or expired between showing the form and sending it
                    return render_template("portal/reset_link_invalid.html"), 400
                _start_session(user)
                flash(_("Your password has been changed. You are signed in."), "success")
                return redirect(home_for(user))
        response = current_app.make_response(
            render_template("portal/reset_password.html", form=form, errors=error_list(form), user=user))
    # The link holds a secret: do not pass it on to other sites in the Referer header.
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/account")
@sign_in_required
def account():
    role_names = _role_names()
    return render_template("portal/account.html", user=current_user,
                           roles=[role_names[role] for role in ROLES if role in current_user.roles])


@bp.route("/account/password", methods=["GET", "POST"])
@sign_in_required
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm()
    form.account_email = user.email
    if form.validate_on_submit():
        try:
            services.change_password(user, form.current_password.data, form.new_password.data, _ip_address())
        except services.WrongPassword as error:
            add_error(form, form.current_password, str(error))
        except services.AccountError as error:
            add_error(form, form.new_password, str(error))
        else:
            # Every other session has ended (the session token changed); this one starts afresh.
            _start_session(user)
            flash(_("Your password has been changed. You have been signed out everywhere else."), "success")
            return redirect(url_for("portal.account"))
    return render_template("portal/change_password.html", form=form, errors=error_list(form))


@bp.get("/admin/outbox")
@role_required(OFFICER)
def outbox():
    page = page_number(request.args.get("page"))
    messages = db.paginate(select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()),
                           page=page, per_page=OUTBOX_PER_PAGE, error_out=False)
    return render_template("portal/outbox.html", messages=messages)


@bp.get("/admin/outbox/<int:message_id>")
@role_required(OFFICER)
def outbox_message(message_id: int):
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    return render_template("portal/outbox_message.html", message=message, body=redact_secrets(message.body))


def _role_names() -> dict[str, str]:
    return {
        "provider": _("Provider (keeps an organisation's listings up to date)"),
        "forum_member": _("Parent carer forum member"),
        "officer": _("Local Offer officer"),
        "admin": _("Administrator"),
    }
