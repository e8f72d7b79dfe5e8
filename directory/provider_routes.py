"""Provider pages: sign up for an organisation, officers' membership decisions, invitations, the
dashboard and the listing editor (a GOV.UK task list with one short page per section).

Routes only parse, call a function in `memberships` or `listings`, and render or redirect. Another
organisation's listings answer 404, never 403, so their ids say nothing.
"""
from __future__ import annotations

import uuid

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from portal.extensions import limiter
from portal.models import OFFICER, PROVIDER
from portal.permissions import role_required
from portal.services import user_by_email

from . import listings, memberships, readability
from .labels import AREA_LABELS, DELIVERY_LABELS
from .models import ACCESSIBILITY, ARCHIVED, CATEGORY, NEED, REVISION_SUBMITTED, Service
from .provider_forms import (COST_LABELS, LANGUAGE_LABELS, MAX_LOCATIONS, REFERRAL_LABELS, AboutForm, AccessForm,
                             ButtonForm, ContactForm, InvitationSignUpForm, InviteForm, LanguagesForm, LocationForm,
                             NewListingForm, RefuseForm, SignUpForm, TimesForm, WhoForm, error_items, shown_value)
from .services import terms_of

bp = Blueprint("providers", __name__, url_prefix="/providers")

provider_required = role_required(PROVIDER, OFFICER)

def _sections() -> list[tuple[str, str, str]]:
    """The editor's sections, in task-list order: (key, title, endpoint)."""
    return [
        ("about", _("About the service"), "providers.about"),
        ("who", _("Who it is for"), "providers.who"),
        ("access", _("How to get it and what it costs"), "providers.access"),
        ("locations", _("Locations and opening times"), "providers.locations"),
        ("contact", _("Contact details"), "providers.contact"),
        ("languages", _("Languages and area served"), "providers.languages"),
    ]


# For the macros in templates/directory/providers/_fields.html (imported macros see globals only).
bp.add_app_template_global(error_items, "provider_error_items")
bp.add_app_template_global(shown_value, "provider_field_value")
bp.add_app_template_global(readability.advice_for, "readability_advice")


def _field_error(form, name: str, message: str) -> None:
    """Show a service function's refusal next to the field it is about (else the first field)."""
    field = getattr(form, name, None) if name else None
    if field is None:
        field = next(iter(form))
    field.errors = [*field.errors, message]


# ---------------------------------------------------------------------------------------------------------
# Sign-up, membership decisions, invitations
# ---------------------------------------------------------------------------------------------------------

@bp.route("/sign-up", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def sign_up():
    if current_user.is_authenticated:
        return render_template("directory/providers/signed_in_already.html")
    query = request.args.get("q", "").strip()[:100]
    organisations = memberships.claimable_organisations("" if request.method == "POST" else query)
    form = SignUpForm(organisations=organisations)
    if form.validate_on_submit():
        listed = form.listed.data == "yes"
        try:
            membership = memberships.sign_up(
                form.name.data, form.email.data, form.password.data,
                organisation_id=uuid.UUID(form.organisation.data) if listed else None,
                proposal=None if listed else memberships.Proposal(
                    form.org_name.data, form.org_website.data, form.org_phone.data, form.org_email.data),
                message=form.message.data or "",
                review_link=url_for("providers.membership_queue", _external=True))
        except memberships.MembershipError as error:
            _field_error(form, error.field, str(error))
        else:
            session.clear()  # a fresh session for the new account
            login_user(membership.user)
            return redirect(url_for("providers.signed_up"))
    return render_template("directory/providers/sign_up.html", form=form, query=query,
                           organisations=organisations)


@bp.get("/sign-up/next")
@provider_required
def signed_up():
    return render_template("directory/providers/signed_up.html",
                           waiting=memberships.memberships_of(current_user, memberships.MEMBERSHIP_PENDING))


@bp.get("/memberships")
@role_required(OFFICER)
def membership_queue():
    return render_template("directory/providers/memberships.html", pending=memberships.pending_memberships(),
                           form=ButtonForm())


def _pending_or_404(membership_id: int):
    membership = memberships.pending_membership(membership_id)
    if membership is None:
        abort(404)
    return membership


@bp.post("/memberships/<int:membership_id>/approve")
@role_required(OFFICER)
def approve_membership(membership_id: int):
    membership = _pending_or_404(membership_id)
    if ButtonForm().validate_on_submit():
        memberships.approve_membership(current_user, membership,
                                       dashboard_link=url_for("providers.dashboard", _external=True))
        flash(_("%(person)s can now update listings for %(organisation)s",
                person=membership.user.name or membership.user.email, organisation=membership.organisation.name),
              "success")
    return redirect(url_for("providers.membership_queue"))


@bp.route("/memberships/<int:membership_id>/refuse", methods=["GET", "POST"])
@role_required(OFFICER)
def refuse_membership(membership_id: int):
    membership = _pending_or_404(membership_id)
    form = RefuseForm()
    if form.validate_on_submit():
        try:
            memberships.refuse_membership(current_user, membership, form.reason.data)
        except memberships.MembershipError as error:
            _field_error(form, error.field, str(error))
        else:
            flash(_("Membership refused. We have emailed %(email)s the reason", email=membership.user.email),
                  "success")
            return redirect(url_for("providers.membership_queue"))
    return render_template("directory/providers/refuse.html", form=form, membership=membership)


@bp.route("/organisations/<uuid:org_id>/invite", methods=["GET", "POST"])
@provider_required
def invite(org_id: uuid.UUID):
    organisation = memberships.organisation_for_member(current_user, org_id)
    if organisation is None:
        abort(404)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            memberships.invite_colleague(current_user, organisation, form.email.data,
                                         lambda token: url_for("providers.invitation", token=token, _external=True))
        except memberships.MembershipError as error:
            _field_error(form, error.field, str(error))
        except listings.NotAllowed:
            abort(404)
        else:
            flash(_("We have emailed an invitation to %(email)s", email=form.email.data.lower()), "success")
            return redirect(url_for("providers.dashboard"))
    return render_template("directory/providers/invite.html", form=form, organisation=organisation)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def invitation(token: str):
    found = memberships.read_invitation(token)
    if found is None:
        return render_template("directory/providers/invitation_invalid.html",
                               days=max(1, current_app.config["INVITATION_MAX_AGE"] // 86400)), 400
    if current_user.is_authenticated:
        matches = current_user.email == found.email
        form = ButtonForm()
        if matches and form.validate_on_submit():
            memberships.accept_invitation(current_user, found)
            flash(_("You are now a member of %(organisation)s", organisation=found.organisation.name), "success")
            return redirect(url_for("providers.dashboard"))
        return render_template("directory/providers/invitation_accept.html", invitation=found, matches=matches,
                               form=form)
    if user_by_email(found.email) is not None:
        return render_template("directory/providers/invitation_sign_in.html", invitation=found,
                               sign_in_url=url_for("portal.sign_in", next=request.path))
    form = InvitationSignUpForm()
    if form.validate_on_submit():
        try:
            user = memberships.sign_up_by_invitation(found, form.name.data, form.password.data)
        except memberships.MembershipError as error:
            _field_error(form, error.field, str(error))
        else:
            session.clear()
            login_user(user)
            flash(_("Your account is ready. You are a member of %(organisation)s",
                    organisation=found.organisation.name), "success")
            return redirect(url_for("providers.dashboard"))
    return render_template("directory/providers/invitation_sign_up.html", invitation=found, form=form)


# ---------------------------------------------------------------------------------------------------------
# Dashboard
# ---------------------------------------------------------------------------------------------------------

@bp.get("/")
@provider_required
def dashboard():
    panels, waiting = memberships.dashboard(current_user)
    return render_template("directory/providers/dashboard.html", panels=panels, waiting=waiting, form=ButtonForm(),
                           is_officer=current_user.has_role(OFFICER))


# ---------------------------------------------------------------------------------------------------------
# The listing editor
# ---------------------------------------------------------------------------------------------------------

def _listing(service_id: uuid.UUID) -> Service:
    service = memberships.listing_for(current_user, service_id)
    if service is None:
        abort(404)
    return service


@bp.route("/listings/new", methods=["GET", "POST"])
@provider_required
def new_listing():
    organisations = memberships.organisations_for_new_listing(current_user)
    form = NewListingForm(organisations=organisations)
    if organisations and form.validate_on_submit():
        organisation = memberships.organisation_for_member(current_user, uuid.UUID(form.organisation.data))
        if organisation is None:
            abort(404)
        try:
            service = listings.start_listing(current_user, organisation, form.name.data)
        except listings.ListingError as error:
            _field_error(form, "name", str(error))
        except listings.NotAllowed:
            abort(404)
        else:
            return redirect(url_for("providers.task_list", service_id=service.id))
    return render_template("directory/providers/new_listing.html", form=form, organisations=organisations)


@bp.get("/listings/<uuid:service_id>")
@provider_required
def task_list(service_id: uuid.UUID):
    service = _listing(service_id)
    revision, data = memberships.editing_data(service)
    return render_template(
        "directory/providers/task_list.html", service=service, revision=revision, data=data,
        sections=_sections(), states=memberships.section_states(data),
        changes=memberships.changes_against_published(service, revision), form=ButtonForm())


def _editable(service: Service):
    """A redirect if the listing cannot be edited now (archived, or waiting for review), else None."""
    if service.status == ARCHIVED:
        flash(_("This listing is archived. Ask the Local Offer team to restore it"))
        return redirect(url_for("providers.dashboard"))
    revision = listings.open_revision(service)
    if revision is not None and revision.status == REVISION_SUBMITTED:
        flash(_("This change is waiting for review. Withdraw it to edit it again"))
        return redirect(url_for("providers.task_list", service_id=service.id))
    return None


def _save(service: Service, changes: dict, next_url: str, saved_message: str, notes: list[str] | None = None,
          edited_from: str | None = None, on_conflict=None):
    """Save an editor page. ON_CONFLICT(conflict) answers when someone else changed it meanwhile."""
    published_meanwhile = memberships.published_since(service, edited_from)
    try:
        memberships.save_section(current_user, service, changes, edited_from)
    except listings.NotAllowed:
        abort(404)
    except memberships.SectionConflict as conflict:
        if on_conflict is not None:
            return on_conflict(conflict)
        flash(str(conflict))
        return redirect(url_for("providers.task_list", service_id=service.id))
    except listings.ListingError as error:
        flash(str(error))
        return redirect(url_for("providers.task_list", service_id=service.id))
    flash(saved_message, "success")
    if published_meanwhile:
        flash(_("An officer published this listing while you were editing it. Your change is saved as a new "
                "change to the published listing: send it for review when it is ready."), "success")
    for note in notes or []:
        flash(note, "success")  # in the same banner as "Saved": advice about what was saved, not a problem
    return redirect(next_url)


def _formdata():
    """What was sent, even when nothing was (every box unticked): never the saved data in its place."""
    return request.form if request.method == "POST" else None


def _section(service_id: uuid.UUID, key: str, form_class, template: str, initial=None, notes=None, **form_args):
    """One editor page: show the form with the listing's data; save it and go back to the task list.

    NOTES, if given, makes from the valid form a list of messages to show after saving (advice, not errors).
    """
    service = _listing(service_id)
    # A form sent just after a colleague sent the listing for review is shown again below, words kept.
    if request.method != "POST" or service.status == ARCHIVED:
        blocked = _editable(service)
        if blocked is not None:
            return blocked
    revision, data = memberships.editing_data(service)
    form = form_class(formdata=_formdata(), data=initial(data) if initial else data, **form_args)
    # What the page was drawn from: sent back with the form, so a colleague's save in between is noticed.
    edited_from = request.form.get("edited_from") if request.method == "POST" else None

    def page(status: int = 200, **extra):
        token = extra.pop("edit_token", None) or (
            edited_from if request.method == "POST" else memberships.edit_token(service, form.changes()))
        return render_template(f"directory/providers/{template}", form=form, service=service, data=data,
                               edit_token=token, **extra), status

    if revision is not None and revision.status == REVISION_SUBMITTED:
        return page(409, sent_for_review_meanwhile=True)
    if form.validate_on_submit():
        title = dict((k, t) for k, t, _e in _sections())[key]
        return _save(service, form.changes(), url_for("providers.task_list", service_id=service.id),
                     _("Saved: %(section)s", section=title), notes(form) if notes else None,
                     edited_from=edited_from,
                     on_conflict=lambda conflict: page(409, conflict=conflict, edit_token=conflict.edit_token))
    return page()


@bp.route("/listings/<uuid:service_id>/about", methods=["GET", "POST"])
@provider_required
def about(service_id: uuid.UUID):
    return _section(service_id, "about", AboutForm, "about.html", notes=_readability_notes,
                    categories=terms_of(CATEGORY))


def _readability_notes(form: AboutForm) -> list[str]:
    """After saving "About the service": point to the reading advice if there is any (it never stops a save)."""
    if readability.about_section_is_hard_to_read(form.summary.data, form.description.data,
                                                  form.easy_read_summary.data):
        return [_("Some of the text may be hard for families to read. Open “About the service” again, or "
                  "check the listing, to see our suggestions. They are advice only.")]
    return []


@bp.route("/listings/<uuid:service_id>/who", methods=["GET", "POST"])
@provider_required
def who(service_id: uuid.UUID):
    return _section(service_id, "who", WhoForm, "who.html", needs=terms_of(NEED))


@bp.route("/listings/<uuid:service_id>/access", methods=["GET", "POST"])
@provider_required
def access(service_id: uuid.UUID):
    return _section(service_id, "access", AccessForm, "access.html", initial=AccessForm.data_from)


@bp.route("/listings/<uuid:service_id>/contact", methods=["GET", "POST"])
@provider_required
def contact(service_id: uuid.UUID):
    return _section(service_id, "contact", ContactForm, "contact.html")


@bp.route("/listings/<uuid:service_id>/languages", methods=["GET", "POST"])
@provider_required
def languages(service_id: uuid.UUID):
    return _section(service_id, "languages", LanguagesForm, "languages.html", initial=LanguagesForm.data_from)


@bp.route("/listings/<uuid:service_id>/times", methods=["GET", "POST"])
@provider_required
def times(service_id: uuid.UUID):
    return _section(service_id, "locations", TimesForm, "times.html", initial=TimesForm.data_from)


@bp.get("/listings/<uuid:service_id>/locations")
@provider_required
def locations(service_id: uuid.UUID):
    service = _listing(service_id)
    blocked = _editable(service)
    if blocked is not None:
        return blocked
    _revision, data = memberships.editing_data(service)
    accessibility = {t.code: t.name for t in terms_of(ACCESSIBILITY)}
    return render_template("directory/providers/locations.html", service=service, data=data, form=ButtonForm(),
                           accessibility=accessibility, max_locations=MAX_LOCATIONS)


@bp.route("/listings/<uuid:service_id>/locations/add", methods=["GET", "POST"])
@provider_required
def add_location(service_id: uuid.UUID):
    service = _listing(service_id)
    blocked = _editable(service)
    if blocked is not None:
        return blocked
    _revision, data = memberships.editing_data(service)
    form = LocationForm(formdata=_formdata(), accessibility=terms_of(ACCESSIBILITY))
    if len(data["locations"]) >= MAX_LOCATIONS:
        flash(_("A listing can have up to %(max)d locations. Remove one to add another", max=MAX_LOCATIONS))
        return redirect(url_for("providers.locations", service_id=service.id))
    if form.validate_on_submit():
        def add_to_the_latest(_conflict):
            # A colleague saved at the same moment: adding a location to their list loses nothing.
            _revision, latest = memberships.editing_data(service)
            return _save(service, {"locations": [*latest["locations"], form.location()]},
                         url_for("providers.locations", service_id=service.id), _("Location added"))

        return _save(service, {"locations": [*data["locations"], form.location()]},
                     url_for("providers.locations", service_id=service.id), _("Location added"),
                     on_conflict=add_to_the_latest)
    return render_template("directory/providers/location_add.html", form=form, service=service, data=data)


@bp.post("/listings/<uuid:service_id>/locations/<int:index>/remove")
@provider_required
def remove_location(service_id: uuid.UUID, index: int):
    service = _listing(service_id)
    blocked = _editable(service)
    if blocked is not None:
        return blocked
    _revision, data = memberships.editing_data(service)
    if not 0 <= index < len(data["locations"]) or not ButtonForm().validate_on_submit():
        abort(404)
    if request.form.get("postcode", "") != (data["locations"][index].get("postcode") or ""):
        flash(_("The locations changed while you were looking at them. Check them and try again"))
        return redirect(url_for("providers.locations", service_id=service.id))
    remaining = [loc for i, loc in enumerate(data["locations"]) if i != index]
    return _save(service, {"locations": remaining}, url_for("providers.locations", service_id=service.id),
                 _("Location removed"))


@bp.get("/listings/<uuid:service_id>/check")
@provider_required
def check(service_id: uuid.UUID):
    service = _listing(service_id)
    revision, data = memberships.editing_data(service)
    preview = memberships.preview(service, data)
    return render_template(
        "directory/providers/check.html", service=service, revision=revision, data=data, preview=preview,
        editable=service.status != ARCHIVED and (revision is None or revision.status != REVISION_SUBMITTED),
        states=memberships.section_states(data), sections=_sections(), form=ButtonForm(),
        changes=memberships.changes_against_published(service, revision),
        referral_labels=REFERRAL_LABELS, cost_labels=COST_LABELS, delivery_labels=DELIVERY_LABELS,
        area_labels=AREA_LABELS, language_labels=LANGUAGE_LABELS)


@bp.post("/listings/<uuid:service_id>/submit")
@provider_required
def submit(service_id: uuid.UUID):
    service = _listing(service_id)
    if ButtonForm().validate_on_submit():
        try:
            revision = memberships.submit_listing(current_user, service)
        except listings.NotAllowed:
            abort(404)
        except listings.ListingError as error:
            flash(str(error))
            return redirect(url_for("providers.check", service_id=service.id))
        flash(_("Sent for review. The Local Offer team will check “%(name)s” and let you know",
                name=revision.data.get("name") or service.name), "success")
    return redirect(url_for("providers.dashboard"))


@bp.post("/listings/<uuid:service_id>/withdraw")
@provider_required
def withdraw(service_id: uuid.UUID):
    service = _listing(service_id)
    if ButtonForm().validate_on_submit():
        try:
            memberships.withdraw_listing(current_user, service)
        except listings.NotAllowed:
            abort(404)
        except listings.ListingError as error:
            flash(str(error))
        else:
            flash(_("Withdrawn from review. You can edit it again"), "success")
    return redirect(url_for("providers.task_list", service_id=service.id))


@bp.post("/listings/<uuid:service_id>/confirm")
@provider_required
def confirm(service_id: uuid.UUID):
    service = _listing(service_id)
    if ButtonForm().validate_on_submit():
        try:
            memberships.confirm_listing(current_user, service)
        except listings.NotAllowed:
            abort(404)
        except listings.ListingError as error:
            flash(str(error))
        else:
            flash(_("Thank you. “%(name)s” is marked as checked today", name=service.name), "success")
    return redirect(url_for("providers.dashboard"))


@bp.get("/listings/<uuid:service_id>/preview")
@provider_required
def preview(service_id: uuid.UUID):
    service = _listing(service_id)
    revision, data = memberships.editing_data(service)
    return render_template("directory/providers/preview.html", service=memberships.preview(service, data),
                           listing=service, revision=revision, related=[], delivery_labels=DELIVERY_LABELS,
                           area_labels=AREA_LABELS, accessibility_vocabulary=ACCESSIBILITY)

