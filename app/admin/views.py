"""Administration: organisations, people, cohorts and exchanges. List, search, create, edit."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.accounts.models import Role, User
from app.accounts.services import AccountError, invitation_resend, user_update
from app.admin import queries
from app.admin.forms import (
    INVITATION_STATE_NAMES,
    REGION_NAMES,
    ROLE_NAMES,
    ExchangeForm,
    OrganisationForm,
    UserEditForm,
    country_choices,
)
from app.content import catalog
from app.content.status import translation_status
from app.extensions import db
from app.organisations.models import Exchange, Organisation, Region
from app.organisations.queries import organisations_by_name
from app.organisations.services import (
    exchange_create,
    exchange_update,
    organisation_create,
    organisation_update,
)
from app.security import role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")
admin_only = role_required(Role.ADMIN)


def _search() -> str:
    return (request.args.get("q") or "").strip()[:100]


def _page_number() -> int:
    """The page asked for; anything that is not a page number is the first page."""
    return request.args.get("page", 1, type=int)


@bp.get("/")
@admin_only
def index():
    return redirect(url_for("admin.organisations"))


@bp.get("/organisations")
@admin_only
def organisations():
    q = _search()
    return render_template(
        "admin/organisations.html",
        page=queries.page_of(queries.organisations_matching(q), _page_number()),
        q=q,
        region_names=REGION_NAMES,
    )


def _organisation_form(organisation: Organisation | None):
    form = OrganisationForm(obj=organisation)
    form.country.choices = country_choices()
    if organisation is not None and request.method == "GET":
        form.region.data = organisation.region.value
    if form.validate_on_submit():
        taken = queries.organisation_name_taken(
            form.name.data, except_id=organisation.id if organisation else None
        )
        if taken:
            form.name.errors.append(_("An organisation with this name already exists."))
        else:
            fields = {
                "name": form.name.data,
                "country": form.country.data,
                "region": Region(form.region.data),
            }
            if organisation is None:
                organisation_create(**fields)
            else:
                organisation_update(organisation=organisation, **fields)
            db.session.commit()
            flash(_("Organisation saved."), "success")
            return redirect(url_for("admin.organisations"))
    status = 400 if form.errors else 200
    return render_template(
        "admin/organisation_form.html", form=form, organisation=organisation
    ), status


@bp.route("/organisations/new", methods=["GET", "POST"])
@admin_only
def organisation_new():
    return _organisation_form(None)


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@admin_only
def organisation_edit(organisation_id: int):
    return _organisation_form(db.session.get(Organisation, organisation_id) or abort(404))


@bp.get("/users")
@admin_only
def users():
    q = _search()
    role = request.args.get("role") if request.args.get("role") in {r.value for r in Role} else ""
    return render_template(
        "admin/users.html",
        page=queries.page_of(
            queries.users_matching(q, Role(role) if role else None), _page_number()
        ),
        q=q,
        role=role,
        role_names=ROLE_NAMES,
    )


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_only
def user_edit(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = UserEditForm(obj=user)
    form.organisation_id.choices = [SelectChoice(0, _("None"))] + [
        SelectChoice(o.id, o.name) for o in organisations_by_name()
    ]
    if user.role == Role.SAFEGUARDING:
        # Only `flask safeguarding revoke` takes the role away.
        form.role.choices = [SelectChoice(Role.SAFEGUARDING.value, ROLE_NAMES[Role.SAFEGUARDING])]
    if request.method == "GET":
        form.role.data = user.role.value
        form.organisation_id.data = user.organisation_id or 0
    if form.validate_on_submit():
        if user.id == current_user.id and (not form.active.data or form.role.data != Role.ADMIN):
            form.role.errors.append(_("You cannot remove your own administrator access."))
        else:
            user_update(
                user=user,
                name=form.name.data,
                role=Role(form.role.data),
                organisation_id=form.organisation_id.data or None,
                active=form.active.data,
                by=current_user,
            )
            db.session.commit()
            flash(_("Account saved."), "success")
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/user_form.html",
        form=form,
        user=user,
        overview=queries.person_overview(user),
        role_names=ROLE_NAMES,
        invitation_states=INVITATION_STATE_NAMES,
    ), 400 if form.errors else 200


@bp.post("/users/<int:user_id>/invitation")
@admin_only
def user_invitation_resend(user_id: int):
    """A new invitation link for someone who lost theirs or let it expire."""
    user = db.session.get(User, user_id) or abort(404)
    try:
        invitation_resend(user=user, by=current_user)
    except AccountError:
        abort(400)
    db.session.commit()
    flash(_("A new invitation is sent to %(email)s.", email=user.email), "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.get("/cohorts")
@admin_only
def cohorts():
    q = _search()
    page = queries.page_of(queries.cohorts_matching(q), _page_number())
    return render_template("admin/cohorts.html", page=page, q=q)


@bp.get("/exchanges")
@admin_only
def exchanges():
    q = _search()
    page = queries.page_of(queries.exchanges_matching(q), _page_number(), scalars=False)
    return render_template("admin/exchanges.html", page=page, q=q)


def _participant_choices(participants: list[tuple[User, bool]]) -> list[SelectChoice]:
    """Nobody chosen at first; those who have an exchange already say so."""
    choices = [SelectChoice(0, _("Choose a participant"))]
    for user, has_exchange in participants:
        label = f"{user.name} <{user.email}>"
        choices.append(
            SelectChoice(
                user.id, _("%(name)s (has an exchange)", name=label) if has_exchange else label
            )
        )
    return choices


def _exchange_form(exchange: Exchange | None):
    form = ExchangeForm(obj=exchange)
    listed = queries.participants_for_exchange_form()
    participants = [user for user, _has_exchange in listed]
    form.participant_id.choices = _participant_choices(listed)
    if exchange is None and request.method == "GET":
        form.participant_id.data = request.args.get("participant", 0, type=int)
    organisations = organisations_by_name()
    org_choices = [SelectChoice(o.id, o.name) for o in organisations]
    form.home_organisation_id.choices = org_choices
    form.host_organisation_id.choices = list(org_choices)
    if form.validate_on_submit():
        participant = next(u for u in participants if u.id == form.participant_id.data)
        home = next(o for o in organisations if o.id == form.home_organisation_id.data)
        host = next(o for o in organisations if o.id == form.host_organisation_id.data)
        dates = {"departs_on": form.departs_on.data, "returns_on": form.returns_on.data}
        if exchange is None:
            exchange_create(participant=participant, home=home, host=host, by=current_user, **dates)
        else:
            exchange_update(
                exchange=exchange,
                participant=participant,
                home=home,
                host=host,
                by=current_user,
                **dates,
            )
        db.session.commit()
        flash(_("Exchange saved."), "success")
        return redirect(url_for("admin.exchanges"))
    status = 400 if form.errors else 200
    return render_template("admin/exchange_form.html", form=form, exchange=exchange), status


@bp.route("/exchanges/new", methods=["GET", "POST"])
@admin_only
def exchange_new():
    return _exchange_form(None)


@bp.route("/exchanges/<int:exchange_id>", methods=["GET", "POST"])
@admin_only
def exchange_edit(exchange_id: int):
    return _exchange_form(db.session.get(Exchange, exchange_id) or abort(404))


@bp.get("/content")
@admin_only
def content_status():
    """Per course and language: how much is translated, and which translations are stale."""
    rows = translation_status(catalog(), current_app.config["LANGUAGES"])
    courses = {c.slug: c for c in catalog().courses}
    return render_template("admin/content.html", rows=rows, courses=courses)
