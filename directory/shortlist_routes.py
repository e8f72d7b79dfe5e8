"""Taking services away: the shortlist (kept in the session, no account), its print view, PDF and email,
and the printable directory of any search.

Every change is a plain POST form with its CSRF token that sends the person back where they were,
so it all works without JavaScript.
"""
from __future__ import annotations

import math
import time
from datetime import date

from flask import (Blueprint, Response, current_app, flash, has_request_context, redirect, render_template, request,
                   session, url_for)
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup, escape

from portal.extensions import limiter
from portal.permissions import safe_next

from . import content_translations as ct
from . import easy_read, printable, services, shortlist
from .forms import SearchForm
from .models import CATEGORY, NEED, Service
from .search_page import chosen_filters
from .shortlist_forms import ShortlistEmailForm
from .shortlist_pdf import shortlist_pdf

bp = Blueprint("shortlist", __name__)

# Enough for a family to send it to two or three addresses, again after changes; not enough to
# bombard a stranger's inbox from one address.
EMAIL_LIMIT = "5 per hour;20 per day"


def _stored() -> list[str]:
    return shortlist.stored_ids(session.get(shortlist.SESSION_KEY))


def _store(ids: list[str]) -> None:
    if ids:
        session[shortlist.SESSION_KEY] = ids
    else:
        session.pop(shortlist.SESSION_KEY, None)


def _current_services() -> list[Service]:
    """The shortlisted published services; ids of withdrawn ones are dropped from the session quietly."""
    stored = _stored()
    found, kept = shortlist.shortlisted_services(stored)
    if kept != session.get(shortlist.SESSION_KEY, []):
        _store(kept)
    return found


def _back() -> str:
    """Where the person came from (a page on this site only), else the shortlist."""
    return safe_next(request.form.get("next"), url_for("shortlist.show"))


def _name(service: Service) -> Markup:
    """A listing's name in the reader's language for a message, marked as English when it is the English."""
    name = ct.localise(service).name
    if name.lang:
        return Markup('<span lang="{}"{}>{}</span>').format(
            name.lang, Markup(' dir="{}"').format(name.dir) if name.dir else "", name.text)
    return escape(name.text)


def _page_url(service: Service) -> str:
    return url_for("directory.service", service_id=service.id, _external=True)


@bp.app_context_processor
def inject_shortlist():
    """The shortlist's ids and size for every page: the header link and the add/remove buttons.

    Read from the session alone, never the database, so that error pages (a database that is down)
    still render; a withdrawn service is counted until the shortlist page drops it.
    """
    ids = _stored() if has_request_context() else []
    return {"shortlist_ids": frozenset(ids), "shortlist_count": len(ids)}


def _show(email_form: ShortlistEmailForm, status: int = 200):
    return render_template(
        "directory/shortlist/shortlist.html",
        services=_current_services(),
        email_form=email_form,
        max_services=shortlist.MAX_SERVICES,
    ), status


@bp.get("/shortlist")
def show():
    return _show(ShortlistEmailForm(formdata=None))


@bp.post("/shortlist/add")
def add():
    service_id = shortlist.parse_service_id(request.form.get("service_id"))
    if service_id is None:
        flash(_("We could not find that service. It may have been removed from the Local Offer."), "important")
        return redirect(_back(), code=303)
    ids, outcome = shortlist.add(_stored(), service_id)
    _store(ids)
    if outcome is shortlist.Outcome.NOT_FOUND:
        flash(_("We could not find that service. It may have been removed from the Local Offer."), "important")
    elif outcome is shortlist.Outcome.FULL:
        flash(_("Your shortlist is full. It can hold %(max)d services. Remove one to add another.",
                max=shortlist.MAX_SERVICES), "important")
    else:
        found = services.published_service(service_id)
        name = _name(found) if found else ""
        message = (_("“%(name)s” is on your shortlist.", name=name) if outcome is shortlist.Outcome.ADDED
                   else _("“%(name)s” is already on your shortlist.", name=name))
        link = Markup(' <a class="govuk-notification-banner__link" href="{}">{}</a>').format(
            url_for("shortlist.show"), _("View your shortlist"))
        # Markup is safe here: the sentence is our own translation; its only value, the name, is escaped by _name().
        flash(Markup(message) + link, "success")  # nosec B704
    return redirect(_back(), code=303)


@bp.post("/shortlist/remove")
def remove():
    service_id = shortlist.parse_service_id(request.form.get("service_id"))
    if service_id is not None:
        _store(shortlist.remove(_stored(), service_id))
        found = services.published_service(service_id)
        # Markup is safe here: our own translated sentence; the name in it is escaped by _name().
        flash(Markup(_("“%(name)s” has been removed from your shortlist.", name=_name(found))) if found  # nosec B704
              else _("The service has been removed from your shortlist."), "success")
    return redirect(_back(), code=303)


@bp.post("/shortlist/clear")
def clear():
    _store([])
    flash(_("Your shortlist has been cleared."), "success")
    return redirect(url_for("shortlist.show"), code=303)


@bp.get("/shortlist/print")
def print_view():
    return render_template("directory/shortlist/print.html", services=_current_services(), made_on=date.today())


@bp.get("/shortlist.pdf")
def pdf():
    found = _current_services()
    if not found:
        flash(_("Your shortlist is empty, so there is nothing to download yet."), "important")
        return redirect(url_for("shortlist.show"), code=303)
    today = date.today()
    body = shortlist_pdf(found, today, current_app.config["COUNCIL_NAME"], _page_url)
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="local-offer-shortlist-{today.isoformat()}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/shortlist/email")
# Only emails actually sent count towards the limit (a redirect); a form shown again with an error does not.
@limiter.limit(EMAIL_LIMIT, methods=["POST"], deduct_when=lambda response: response.status_code == 303)
def email():
    form = ShortlistEmailForm()
    if form.validate():
        found = _current_services()
        try:
            shortlist.email_shortlist(form.email.data, found, date.today(), current_app.config["COUNCIL_NAME"])
        except shortlist.ShortlistError as error:
            form.email.errors.append(str(error))
        else:
            # The address is not repeated here: the flash would keep it in the session cookie.
            flash(_("We have emailed your shortlist. It should arrive in a few minutes."), "success")
            return redirect(url_for("shortlist.show"), code=303)
    return _show(form, 400)


@bp.errorhandler(429)
def email_limit_reached(error):
    """Too many shortlist emails from one address: say so on the shortlist page, the typed address kept."""
    try:
        current = limiter.current_limit
        seconds = current.reset_at - time.time() if current is not None else 60 * 60
    except Exception:  # the limiter's storage may be unreachable; the page must still show
        seconds = 60 * 60
    minutes = max(1, math.ceil(seconds / 60))
    form = ShortlistEmailForm()
    form.email.errors = [ngettext(
        "You have emailed your shortlist too many times. Try again in %(num)d minute, or print it or "
        "download it as a PDF instead.",
        "You have emailed your shortlist too many times. Try again in %(num)d minutes, or print it or "
        "download it as a PDF instead.", minutes)]
    page, status = _show(form, 429)
    return page, status, {"Retry-After": str(minutes * 60)}


@bp.get("/search/print")
def print_directory():
    """Every result of a search (the same query string as /search), grouped by type of support, to print."""
    form = SearchForm(request.args)
    if any(v.strip() for v in request.args.values() if v):
        form.validate()
    query = form.to_query(current_app.config["RESULTS_PER_PAGE"])
    listing = printable.printable_list(query)
    point = form.postcode_point
    terms = {CATEGORY: services.terms_of(CATEGORY), NEED: services.terms_of(NEED)}
    # An `easy_read` link is normally taken up by the site-wide easy-read switch before this view runs
    # (directory.routes.follow_easy_read_link) and kept in the session; read it here too in case it is not.
    choice = request.args.get(easy_read.PARAMETER)
    with_easy_read = choice == "1" if choice is not None else easy_read.is_on(session)
    search_args = [(k, v) for k, v in request.args.items(multi=True) if k not in ("page", easy_read.PARAMETER)]
    return render_template(
        "directory/shortlist/print_directory.html",
        listing=listing,
        query=query,
        chosen=chosen_filters(request.args, query, point.postcode if point else None, terms),
        with_easy_read=with_easy_read,
        easy_read_url=easy_read.switch_url(request.path, search_args, turn_on=not with_easy_read),
        search_url=url_for("directory.search", **_grouped(search_args)),
        made_on=date.today(),
    )


def _grouped(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped
