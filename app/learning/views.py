from datetime import date

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.accounts.models import Role, utcnow
from app.content import catalog
from app.exercises.kinds import EXERCISE_KINDS
from app.exercises.queries import exercise_state
from app.extensions import db
from app.i18n import page_language
from app.journal.queries import unread_feedback
from app.learning import queries, services
from app.organisations.queries import current_exchange, new_followers, participant_cohorts

bp = Blueprint("learning", __name__)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("learning.dashboard"))
    return redirect(url_for("accounts.sign_in"))


@bp.get("/dashboard")
@login_required
def dashboard():
    if current_user.role == Role.PARTNER:
        return redirect(url_for("partners.organisation"))
    if current_user.role != Role.PARTICIPANT:
        return render_template("learning/staff_dashboard.html", courses=catalog().courses)
    exchange = current_exchange(current_user)
    enrolments = queries.enrolments(catalog(), participant_cohorts(current_user))
    progress = queries.progress_for(current_user, [e.course for e in enrolments])
    today = date.today()
    phases = []
    for phase in ("pre", "mid", "post"):
        phase_enrolments = [e for e in enrolments if e.course.phase == phase]
        phases.append(
            {
                "phase": phase,
                "opens_on": queries.phase_opens_on(phase, exchange),
                "courses": [
                    {
                        "enrolment": e,
                        "progress": progress[e.course.slug],
                        "open": queries.enrolment_is_open(e, exchange, today),
                    }
                    for e in phase_enrolments
                ],
            }
        )
    return render_template(
        "learning/dashboard.html",
        exchange=exchange,
        phases=phases,
        today=today,
        new_feedback=unread_feedback(current_user),
        new_followers=new_followers(current_user),
    )


def _course_for_current_user(course_slug: str):
    """The course and the participant's enrolment in it; 404 outside it, 403 before it opens.

    Facilitators and admins may read every course (to prepare and follow up).
    """
    course = catalog().course(course_slug)
    if course is None:
        abort(404)
    if current_user.role in (Role.FACILITATOR, Role.ADMIN):
        return course, None
    if current_user.role != Role.PARTICIPANT:
        abort(404)
    enrolment = next(
        (
            e
            for e in queries.enrolments(catalog(), participant_cohorts(current_user))
            if e.course.slug == course_slug
        ),
        None,
    )
    if enrolment is None:
        abort(404)
    exchange = current_exchange(current_user)
    if not queries.enrolment_is_open(enrolment, exchange, date.today()):
        opens_on = queries.phase_opens_on(course.phase, exchange)
        page = render_template(
            "learning/not_open.html",
            course=course,
            opens_on=opens_on if opens_on != date.max else None,
        )
        abort(403, response=(page, 403))
    return course, enrolment


@bp.get("/courses/<course_slug>")
@login_required
def course(course_slug: str):
    course, _enrolment = _course_for_current_user(course_slug)
    progress = queries.progress_for(current_user, [course])[course.slug]
    return render_template("learning/course.html", course=course, progress=progress)


@bp.get("/courses/<course_slug>/<module_slug>")
@login_required
def module(course_slug: str, module_slug: str):
    course, _enrolment = _course_for_current_user(course_slug)
    module = course.module(module_slug) or abort(404)
    progress = queries.progress_for(current_user, [course])[course.slug]
    module_progress = next(m for m in progress.modules if m.module.slug == module.slug)
    return redirect(
        url_for(
            "learning.step",
            course_slug=course.slug,
            module_slug=module.slug,
            step_id=module_progress.resume_step_id,
        )
    )


def step_context(course, enrolment, module, step_id: str) -> dict:
    """Everything the step page needs; shared with the exercise views that re-render it."""
    localized = module.localized(page_language())
    index = localized.index_of(step_id)
    if index is None:
        abort(404)
    progress = queries.progress_for(current_user, [course])[course.slug]
    module_progress = next(m for m in progress.modules if m.module.slug == module.slug)
    shown = localized.steps[index]
    # Shown in the step's language; answers are checked against the source's (same structure).
    exercise = shown.step.exercise
    return {
        "course": course,
        "module": module,
        "localized": localized,
        "shown": shown,
        "index": index,
        "previous_step": localized.steps[index - 1].step if index > 0 else None,
        "next_step": localized.steps[index + 1].step if index + 1 < len(localized.steps) else None,
        "module_progress": module_progress,
        "is_done": step_id in module_progress.done_step_ids,
        "exercise": exercise,
        "exercise_language": shown.language,
        "exercise_state": (
            exercise_state(
                EXERCISE_KINDS[exercise.kind], current_user, course, module.exercise(step_id)
            )
            if exercise is not None
            else None
        ),
        "enrolment": enrolment,
    }


@bp.get("/courses/<course_slug>/<module_slug>/<step_id>")
@login_required
def step(course_slug: str, module_slug: str, step_id: str):
    course, enrolment = _course_for_current_user(course_slug)
    module = course.module(module_slug) or abort(404)
    context = step_context(course, enrolment, module, step_id)
    now = utcnow()
    if enrolment is not None and not services.module_visit_is_recorded(
        context["module_progress"], step_id, now
    ):
        services.module_visit_record(
            user=current_user,
            course_slug=course.slug,
            module_slug=module.slug,
            step_id=step_id,
            at=now,
        )
        db.session.commit()
    return render_template("learning/step.html", **context)


@bp.post("/courses/<course_slug>/<module_slug>/<step_id>/done")
@login_required
def step_done(course_slug: str, module_slug: str, step_id: str):
    """Mark a reading step done and go on. Exercise steps are completed by answering."""
    course, enrolment = _course_for_current_user(course_slug)
    module = course.module(module_slug) or abort(404)
    if step_id not in module.step_ids:
        abort(404)
    if enrolment is not None and module.exercise(step_id) is None:
        services.step_complete(
            user=current_user, course_slug=course.slug, module_slug=module.slug, step_id=step_id
        )
        db.session.commit()
    following = module.step_ids.index(step_id) + 1
    if following < len(module.step_ids):
        return redirect(
            url_for(
                "learning.step",
                course_slug=course.slug,
                module_slug=module.slug,
                step_id=module.step_ids[following],
            )
        )
    return redirect(url_for("learning.course", course_slug=course.slug, finished=module.slug))
