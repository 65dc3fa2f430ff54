from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import Role
from app.content import catalog
from app.extensions import db, htmx
from app.i18n import page_language
from app.learning.pages import course_and_enrolment, step_context
from app.organisations.queries import current_exchange
from app.partners import queries, services
from app.partners.forms import MidTermViewForm, WorkPlanReviewForm
from app.partners.kinds.host_view import HostView
from app.partners.models import WorkPlanResponse
from app.security import get_visible_participant_or_404, role_required

bp = Blueprint("partners", __name__)
partner_only = role_required(Role.PARTNER)


def _participant_courses():
    return catalog().courses_for("participants")


@bp.get("/organisation")
@partner_only
def organisation():
    organisation_id = current_user.organisation_id or 0
    rows = queries.organisation_participants(catalog(), organisation_id)
    return render_template(
        "partners/organisation.html",
        organisation=current_user.organisation,
        rows=rows,
        summary=queries.organisation_summary(rows),
        courses=_participant_courses(),
        waiting=queries.waiting_for(organisation_id),
    )


@bp.get("/organisation/shared-entries")
@partner_only
def shared_entries():
    """The journal entries participants chose to share with their partner organisations."""
    groups = queries.entries_shared_with_organisation(current_user.organisation_id or 0)
    return render_template("partners/shared_entries.html", groups=groups)


def _participant_page(person, review_form=None, view_form=None, status=200):
    organisation_id = current_user.organisation_id or 0
    (row,) = queries.organisation_participants(catalog(), organisation_id, participant_id=person.id)
    hosting = row.side == "hosting"
    plan = queries.latest_work_plan(person.id) if hosting else None
    view = queries.mid_term_view(row.exchange) if hosting else None
    if view_form is None and hosting:
        view_form = MidTermViewForm(data={"text": view.text if view else ""})
    # The parts of the plan as the course says them in the page language (or its fallback).
    plan_exercise = queries.work_plan_exercise(catalog(), plan, page_language()) if plan else None
    page = render_template(
        "partners/participant.html",
        row=row,
        courses=_participant_courses(),
        person=person,
        hosting=hosting,
        plan=plan,
        plan_exercise=plan_exercise,
        review=queries.work_plan_review(plan) if plan else None,
        review_form=review_form or WorkPlanReviewForm(),
        view=view,
        view_form=view_form,
        shared=queries.entries_shared_with_organisation(organisation_id, participant_id=person.id),
    )
    return page, status


@bp.get("/organisation/participants/<int:participant_id>")
@partner_only
def participant(participant_id: int):
    return _participant_page(get_visible_participant_or_404(current_user, participant_id))


def _hosted_exchange_or_404(person):
    """Only the host partner answers the work plan and writes the mid-term view."""
    exchange = current_exchange(person)
    if exchange is None or exchange.host_organisation_id != current_user.organisation_id:
        abort(404)
    return exchange


@bp.post("/organisation/participants/<int:participant_id>/work-plan")
@partner_only
def work_plan_review(participant_id: int):
    person = get_visible_participant_or_404(current_user, participant_id)
    _hosted_exchange_or_404(person)
    plan = queries.latest_work_plan(person.id)
    if plan is None:
        flash(_("%(name)s has not written a work plan yet.", name=person.name), "info")
        return redirect(url_for("partners.participant", participant_id=person.id))
    form = WorkPlanReviewForm()
    if not form.validate_on_submit():
        return _participant_page(person, review_form=form, status=400)
    services.work_plan_review_record(
        answer=plan,
        reviewer=current_user,
        response=WorkPlanResponse(form.response.data),
        comment=form.comment.data or "",
    )
    db.session.commit()
    flash(_("Thank you. %(name)s can read your answer now.", name=person.name), "success")
    return redirect(url_for("partners.participant", participant_id=person.id) + "#work-plan")


@bp.post("/organisation/participants/<int:participant_id>/mid-term-view")
@partner_only
def mid_term_view_write(participant_id: int):
    person = get_visible_participant_or_404(current_user, participant_id)
    exchange = _hosted_exchange_or_404(person)
    form = MidTermViewForm()
    if not form.validate_on_submit():
        return _participant_page(person, view_form=form, status=400)
    services.mid_term_view_write(
        exchange=exchange,
        author=current_user,
        text=form.text.data,
        read_at=queries.host_view_step(catalog(), person),
    )
    db.session.commit()
    flash(
        _("Thank you. %(name)s and the facilitators can read your view now.", name=person.name),
        "success",
    )
    return redirect(url_for("partners.participant", participant_id=person.id) + "#mid-term-view")


@bp.post("/courses/<course_slug>/<module_slug>/<step_id>/host-view/request")
@role_required(Role.PARTICIPANT)
def mid_term_view_request(course_slug: str, module_slug: str, step_id: str):
    """The participant asks the host partner for its view at the mid-term review."""
    course, enrolment = course_and_enrolment(course_slug)
    module = course.module(module_slug) or abort(404)
    exercise = module.exercise(step_id)
    if enrolment is None or exercise is None or exercise.kind != HostView.name:
        abort(404)
    exchange = current_exchange(current_user) or abort(404)
    services.mid_term_view_request(exchange=exchange, participant=current_user)
    db.session.commit()
    if htmx:
        context = step_context(course, enrolment, module, step_id)
        return render_template("exercises/_exercise.html", **context)
    flash(_("Your host partner's contact person has been asked for their view."), "success")
    step = url_for(
        "learning.step", course_slug=course.slug, module_slug=module.slug, step_id=step_id
    )
    return redirect(f"{step}#exercise-{exercise.id}")
