from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext, refresh
from flask_login import current_user, login_required, login_user, logout_user
from wtforms.fields.choices import SelectChoice

from app.accounts import services
from app.accounts.forms import (
    InviteCsvForm,
    InviteForm,
    ProfileForm,
    ResetRequestForm,
    SetPasswordForm,
    SignInForm,
)
from app.accounts.invitation_csv import CsvFileError, CsvImportResult, invitations_from_csv
from app.accounts.models import ROLE_NAMES, Role, TokenPurpose
from app.accounts.timezones import canonical_zone, likely_zones, zone_choices
from app.extensions import db, limiter
from app.i18n import own_name, page_language
from app.organisations.models import Cohort
from app.organisations.queries import cohorts_visible_to, organisation_by_id, organisations_by_name
from app.security import role_required, safe_next

bp = Blueprint("accounts", __name__)

INVITABLE_ROLES = {
    # Safeguarding officers are appointed on the server (`flask safeguarding appoint`).
    Role.ADMIN: set(Role) - {Role.SAFEGUARDING},
    Role.FACILITATOR: {Role.PARTICIPANT},
}


def language_choices() -> list[SelectChoice]:
    return [SelectChoice(code, own_name(code)) for code in current_app.config["LANGUAGES"]]


def _remember_browser_timezone(user, zone: str) -> None:
    """Default the profile's time zone to the browser's, until the user picks one."""
    known = canonical_zone(zone)
    if known:
        session["timezone"] = known
        if not user.timezone:
            user.timezone = known
            db.session.commit()


def _sign_in(user) -> None:
    # A fresh session at sign-in: nothing an attacker planted before survives.
    kept = {k: session[k] for k in ("locale", "timezone") if k in session}
    session.clear()
    session.update(kept)
    login_user(user)


def _account_key() -> str:
    """The rate-limit key of the account a sign-in or reset form names."""
    return "account:" + services.normalise_email(request.form.get("email", ""))[:254]


def _per_address():
    return limiter.limit(lambda: current_app.config["RATELIMIT_SIGN_IN"], methods=["POST"])


def _per_account(**kwargs):
    """Beside the per-address limit: many addresses (a botnet) trying one account."""
    return limiter.limit(
        lambda: current_app.config["RATELIMIT_SIGN_IN_ACCOUNT"],
        methods=["POST"],
        key_func=_account_key,
        scope="account",
        **kwargs,
    )


@bp.route("/sign-in", methods=["GET", "POST"])
@_per_address()
# Only failures count: someone who signs in often is not held back.
@_per_account(deduct_when=lambda response: response.status_code != 302)
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("learning.dashboard"))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.user_authenticate(email=form.email.data, password=form.password.data)
        if user is not None:
            _sign_in(user)
            _remember_browser_timezone(user, request.form.get("timezone", ""))
            return redirect(safe_next(request.args.get("next")))
        # The same words whether the email is unknown or the password wrong.
        form.password.errors.append(_("The email or password is not right."))
    return render_template("accounts/sign_in.html", form=form), 200 if not form.errors else 400


@bp.post("/sign-out")
@login_required
def sign_out():
    # Every copy of this session's cookie ends for good (and the user's other sessions).
    services.user_sessions_end(user=current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    # From the page an invitation link shows to someone signed in: on to the invitation.
    response = redirect(safe_next(request.form.get("next"), fallback="accounts.sign_in"))
    # A shared phone: the browser forgets every cached page; offline.js empties the kept
    # courses and the queue. Not "storage": it would also wipe the journal's copy of words
    # a still-open tab typed after this and the server does not have yet.
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


def _speak_the_persons_language(token) -> None:
    """A one-time link opens in the language of the person it is for (the invitation's),
    unless this browser has chosen another on the way (the switcher)."""
    if token is not None and token.user.locale and "locale" not in session:
        session["locale"] = token.user.locale
        refresh()


def _password_from_token(purpose: TokenPurpose, token: str, template: str, done_message):
    _speak_the_persons_language(services.token_find(secret=token, purpose=purpose))
    found = services.token_find_valid(secret=token, purpose=purpose)
    if found is None:
        return render_template("accounts/link_invalid.html", purpose=purpose.value), 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        user = services.token_use(token=found, password=form.password.data)
        # The language read on the way is the person's own, from now on too.
        user.locale = session.get("locale") or user.locale
        db.session.commit()
        _sign_in(user)
        flash(str(done_message), "success")
        return redirect(url_for("learning.dashboard"))
    status = 400 if form.errors else 200
    return render_template(template, form=form, user=found.user), status


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    if current_user.is_authenticated:
        # A link in someone's mail must not end their session on its own (a link can be
        # planted): ask, and sign out only when they say so.
        return render_template("accounts/invitation_signed_in.html", link=request.path)
    return _password_from_token(
        TokenPurpose.INVITATION,
        token,
        "accounts/accept_invitation.html",
        _l("Welcome to Bru. Your password is set."),
    )


@bp.route("/reset-password", methods=["GET", "POST"])
@_per_address()
@_per_account()
def request_password_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.password_reset_request(email=form.email.data)
        db.session.commit()
        # Said whether or not the address has an account.
        flash(
            _("If that address has an account, a link to set a new password is on its way."), "info"
        )
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/reset_request.html", form=form), 400 if form.errors else 200


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    return _password_from_token(
        TokenPurpose.PASSWORD_RESET,
        token,
        "accounts/reset_password.html",
        _l("Your new password is set."),
    )


def _invite_choices(form: InviteForm) -> list[Cohort]:
    roles = INVITABLE_ROLES[current_user.role]
    form.role.choices = [SelectChoice(r.value, ROLE_NAMES[r]) for r in Role if r in roles]
    organisations = organisations_by_name()
    form.organisation_id.choices = [SelectChoice(0, _("None"))] + [
        SelectChoice(o.id, o.name) for o in organisations
    ]
    form.host_organisation_id.choices = list(form.organisation_id.choices)
    cohorts = cohorts_visible_to(current_user)
    form.cohort_id.choices = [SelectChoice(0, _("None"))] + [
        SelectChoice(c.id, c.name) for c in cohorts
    ]
    form.locale.choices = language_choices()
    if not _sets_up_exchanges():
        for name in ("host_organisation_id", "departs_on", "returns_on"):
            del form[name]
    return cohorts


def _sets_up_exchanges() -> bool:
    """Exchanges decide which partner organisations follow a participant: administrators'."""
    return current_user.role == Role.ADMIN


def _exchange_from_form(form: InviteForm, home) -> services.ExchangePlan | None:
    """The exchange given with an invitation, or None; a half-given one puts its problems on
    the form's fields."""
    if not _sets_up_exchanges() or Role(form.role.data) != Role.PARTICIPANT:
        return None
    host = organisation_by_id(form.host_organisation_id.data)
    problems = services.exchange_plan_problems(
        home=home, host=host, departs_on=form.departs_on.data, returns_on=form.returns_on.data
    )
    fields = {"organisation": form.organisation_id, "host": form.host_organisation_id}
    for name, message in problems.items():
        (fields.get(name) or form[name]).errors.append(message)
    if problems or host is None:
        return None
    return services.ExchangePlan(
        host=host, departs_on=form.departs_on.data, returns_on=form.returns_on.data
    )


def _invite_again(user, form: InviteForm):
    """The address was invited before and never accepted: a new link instead of a refusal,
    when the inviter could have invited that account in the first place."""
    if user.role not in INVITABLE_ROLES[current_user.role]:
        form.email.errors.append(_("An account with this email address already exists."))
        return None
    services.invitation_resend(user=user, by=current_user, locale=form.locale.data)
    db.session.commit()
    flash(
        _(
            "%(email)s was invited before and has not set a password yet: a new invitation "
            "is sent. Their account is as it was.",
            email=user.email,
        ),
        "success",
    )
    return redirect(url_for("accounts.invite"))


@bp.route("/people/invite", methods=["GET", "POST"])
@role_required(Role.ADMIN, Role.FACILITATOR)
def invite():
    form = InviteForm()
    cohorts = _invite_choices(form)
    if request.method == "GET":
        form.locale.data = str(request.args.get("locale") or "en")
    if form.validate_on_submit():
        home = organisation_by_id(form.organisation_id.data)
        exchange = _exchange_from_form(form, home)
        if not form.errors:
            try:
                user = services.invitation_create(
                    email=form.email.data,
                    name=form.name.data,
                    role=Role(form.role.data),
                    organisation=home,
                    cohort=next((c for c in cohorts if c.id == form.cohort_id.data), None),
                    invited_by=current_user,
                    locale=form.locale.data,
                    exchange=exchange,
                )
            except services.AlreadyInvited as already:
                response = _invite_again(already.user, form)
                if response is not None:
                    return response
            except services.AccountError as error:
                form.email.errors.append(str(error))
            else:
                db.session.commit()
                flash(_("Invitation sent to %(email)s.", email=user.email), "success")
                return redirect(url_for("accounts.invite"))
    return render_template(
        "accounts/invite.html", form=form, sets_up_exchanges=_sets_up_exchanges()
    ), 400 if form.errors else 200


@bp.route("/people/invite/csv", methods=["GET", "POST"])
@role_required(Role.ADMIN, Role.FACILITATOR)
def invite_csv():
    form = InviteCsvForm()
    result, problem = None, None
    if form.validate_on_submit():
        try:
            result = invitations_from_csv(
                data=form.file.data.read(),
                invited_by=current_user,
                allowed_roles=INVITABLE_ROLES[current_user.role],
                cohorts=list(cohorts_visible_to(current_user)),
                exchanges=_sets_up_exchanges(),
            )
        except CsvFileError as error:
            problem = str(error)
        else:
            db.session.commit()
            if not result.errors:
                _flash_csv_result(result)
                return redirect(url_for("accounts.invite_csv"))
    status = 400 if (problem or result or form.errors) else 200
    return render_template(
        "accounts/invite_csv.html",
        form=form,
        result=result,
        problem=problem,
        sets_up_exchanges=_sets_up_exchanges(),
    ), status


def _flash_csv_result(result: CsvImportResult) -> None:
    flash(
        ngettext("%(num)d invitation sent.", "%(num)d invitations sent.", len(result.invited)),
        "success",
    )
    if result.resent:
        flash(csv_resent_message(len(result.resent)), "success")


def csv_resent_message(count: int) -> str:
    return ngettext(
        "%(num)d invitation sent again, to someone invited before who had not set a password.",
        "%(num)d invitations sent again, to people invited before who had not set a password.",
        count,
    )


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    form.locale.choices = language_choices()
    organisation = current_user.organisation
    likely = likely_zones(
        current_user.timezone or session.get("timezone"),
        organisation.country if organisation else None,
    )
    form.timezone.choices = zone_choices(page_language(), likely)
    if request.method == "GET":
        form.locale.data = current_user.locale or str(request.args.get("locale") or "en")
        form.timezone.data = likely[0]
    if form.validate_on_submit():
        current_user.name = form.name.data.strip()
        current_user.locale = form.locale.data
        current_user.timezone = form.timezone.data
        db.session.commit()
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form), 400 if form.errors else 200


@bp.post("/language")
def choose_language():
    """The language switcher: remembered in the session, and saved for a signed-in user."""
    code = request.form.get("locale", "")
    if code not in current_app.config["LANGUAGES"]:
        abort(400)
    session["locale"] = code
    if current_user.is_authenticated:
        current_user.locale = code
        db.session.commit()
    return redirect(safe_next(request.form.get("next")))
