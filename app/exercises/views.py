from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import Role
from app.content import catalog
from app.exercises.kinds import InvalidAnswer
from app.exercises.kinds.goals.queries import goals_overview
from app.exercises.services import AnswerRefused, exercise_answer_submit
from app.extensions import db, htmx
from app.learning.pages import course_and_enrolment, step_context
from app.offline.writes import client_write_id
from app.security import role_required

bp = Blueprint("exercises", __name__)


def _render(context: dict, status: int = 200, **extra):
    """The exercise fragment for htmx, the whole step page otherwise: one template."""
    template = "exercises/_exercise.html" if htmx else "learning/step.html"
    return render_template(template, **context, **extra), status


@bp.post("/courses/<course_slug>/<module_slug>/<step_id>/answer")
@role_required(Role.PARTICIPANT, Role.PARTNER)
def answer(course_slug: str, module_slug: str, step_id: str):
    course, enrolment = course_and_enrolment(course_slug)
    if enrolment is None:
        abort(404)  # a preview: only the course's own learners answer
    module = course.module(module_slug) or abort(404)
    if step_id not in module.step_ids:
        abort(404)
    exercise = module.exercise(step_id)

    def page(status: int = 200, **extra):
        # Built only when rendered: an accepted answer reads progress once, after the write.
        return _render(step_context(course, enrolment, module, step_id), status, **extra)

    if exercise is None:
        return page(400, answer_error=_("This step has no exercise to answer."))
    try:
        exercise_answer_submit(
            user=current_user,
            cohort_id=enrolment.cohort.id,
            course=course,
            module=module,
            step_id=step_id,
            exercise=exercise,
            form=request.form,
            client_id=client_write_id(),
        )
    except InvalidAnswer as error:
        return page(400, answer_error=str(error), posted=request.form)
    except AnswerRefused:
        return page(409, answer_error=_("You have already answered this exercise."))
    db.session.commit()
    return page()


@bp.get("/goals")
@role_required(Role.PARTICIPANT)
def goals():
    """The goals thread before / during / after, printable as a record of learning."""
    threads = goals_overview(catalog(), current_user)
    return render_template("exercises/goals.html", threads=threads)
