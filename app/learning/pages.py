"""The course and step pages' shared parts: who may open a course, and what a step shows.
Used by every feature that renders a step (exercises, partners)."""

from datetime import date

from flask import abort, render_template
from flask_login import current_user

from app.accounts.models import ROLE_OF_AUDIENCE, Role
from app.content import catalog
from app.exercises.kinds import EXERCISE_KINDS
from app.exercises.queries import exercise_state
from app.i18n import page_language
from app.learning import queries
from app.organisations.queries import current_exchange, participant_cohorts

#: The audience of courses each learning role walks; other roles read courses as a preview.
AUDIENCE_OF_ROLE = {role: audience for audience, role in ROLE_OF_AUDIENCE.items()}
#: Who may read courses of an audience without walking them (to prepare and follow up).
PREVIEW_ROLES = {
    "participants": {Role.FACILITATOR, Role.ADMIN, Role.PARTNER},
    "partners": {Role.FACILITATOR, Role.ADMIN},
}


def course_and_enrolment(course_slug: str):
    """The course and the learner's enrolment in it; 404 outside it, 403 before it opens.

    Participants walk participant courses and partner contacts walk partner courses, through
    a cohort. Facilitators and admins read every course, and partner contacts read the
    participant courses their participants take, as a preview (no enrolment: no answers).
    """
    course = catalog().course(course_slug)
    if course is None:
        abort(404)
    if AUDIENCE_OF_ROLE.get(current_user.role) != course.audience:
        if current_user.role in PREVIEW_ROLES[course.audience]:
            return course, None
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
