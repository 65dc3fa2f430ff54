from datetime import date

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.accounts.models import Role, utcnow
from app.content import catalog
from app.content.model import PHASES
from app.exercises.kinds import InvalidAnswer
from app.exercises.services import AnswerRefused, answer_given, exercise_answer_submit
from app.extensions import db, htmx
from app.i18n import page_language
from app.journal.queries import unread_feedback
from app.learning import queries, services
from app.learning.pages import AUDIENCE_OF_ROLE, course_and_enrolment, step_context
from app.offline.queries import kept_course
from app.offline.writes import client_write_id, is_keep_request
from app.organisations.queries import current_exchange, new_followers, participant_cohorts
from app.partners.queries import waiting_for

bp = Blueprint("learning", __name__)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("learning.dashboard"))
    return redirect(url_for("accounts.sign_in"))


@bp.get("/dashboard")
@login_required
def dashboard():
    """A learner's courses by phase: a participant's, or a partner contact's partner training
    (with what waits for their organisation)."""
    if current_user.role not in AUDIENCE_OF_ROLE:
        return render_template("learning/staff_dashboard.html", courses=catalog().courses)
    partner = current_user.role == Role.PARTNER
    exchange = None if partner else current_exchange(current_user)
    enrolments = queries.enrolments(catalog(), participant_cohorts(current_user))
    progress = queries.progress_for(current_user, [e.course for e in enrolments])
    today = date.today()
    phases = []
    for phase in PHASES:
        phase_enrolments = [e for e in enrolments if e.course.phase == phase]
        phases.append(
            {
                "phase": phase,
                "opens_on": None if partner else queries.phase_opens_on(phase, exchange),
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
    organisation = {}
    if partner:
        organisation = {
            "organisation": current_user.organisation,
            "waiting": waiting_for(current_user.organisation_id or 0),
            "previews": catalog().courses_for("participants"),
        }
    return render_template(
        "learning/dashboard.html",
        exchange=exchange,
        phases=phases,
        today=today,
        new_feedback=unread_feedback(current_user),
        new_followers=new_followers(current_user),
        enrolled=bool(enrolments),
        **organisation,
    )


@bp.get("/courses/<course_slug>")
@login_required
def course(course_slug: str):
    course, enrolment = course_and_enrolment(course_slug)
    progress = queries.progress_for(current_user, [course])[course.slug]
    # What keeping it for offline use would hold and cost (only for its own learners).
    kept = None
    if enrolment is not None:
        kept = kept_course(course, page_language(), *current_app.extensions["bru_assets"])
    return render_template("learning/course.html", course=course, progress=progress, kept=kept)


@bp.get("/courses/<course_slug>/<module_slug>")
@login_required
def module(course_slug: str, module_slug: str):
    course, _enrolment = course_and_enrolment(course_slug)
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


@bp.get("/courses/<course_slug>/<module_slug>/<step_id>")
@login_required
def step(course_slug: str, module_slug: str, step_id: str):
    course, enrolment = course_and_enrolment(course_slug)
    module = course.module(module_slug) or abort(404)
    context = step_context(course, enrolment, module, step_id)
    now = utcnow()
    # Keeping a course for offline use fetches every step: that is not reading them.
    if (
        enrolment is not None
        and not is_keep_request()
        and not services.module_visit_is_recorded(context["module_progress"], step_id, now)
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
    """Mark a reading step done and go on. Exercise steps are completed by answering: on a
    step whose answer form is open, the button sends that form here, so an answer typed and
    not sent yet is sent now (or, when it cannot be, the step is shown again with it)."""
    course, enrolment = course_and_enrolment(course_slug)
    module = course.module(module_slug) or abort(404)
    if step_id not in module.step_ids:
        abort(404)
    exercise = module.exercise(step_id)
    if enrolment is not None and exercise is None:
        services.step_complete(
            user=current_user, course_slug=course.slug, module_slug=module.slug, step_id=step_id
        )
        db.session.commit()
    elif enrolment is not None and answer_given(request.form):
        try:
            exercise_answer_submit(
                user=current_user,
                cohort_id=enrolment.cohort.id,
                course=course,
                module=module,
                step_id=step_id,
                exercise=exercise,
                form=request.form,
                repeat=False,
                client_id=client_write_id(),
            )
        except InvalidAnswer as error:
            template = "exercises/_exercise.html" if htmx else "learning/step.html"
            context = step_context(course, enrolment, module, step_id)
            page = render_template(
                template, **context, answer_error=str(error), posted=request.form
            )
            return page, 400
        except AnswerRefused:
            pass  # answered already, and no second try allowed: nothing was lost
        else:
            db.session.commit()
    following = module.step_ids.index(step_id) + 1
    if following < len(module.step_ids):
        target = url_for(
            "learning.step",
            course_slug=course.slug,
            module_slug=module.slug,
            step_id=module.step_ids[following],
        )
    else:
        target = url_for("learning.course", course_slug=course.slug, finished=module.slug)
    # Sent by htmx with the answer form: the page goes on as a whole.
    return ("", 204, {"HX-Redirect": target}) if htmx else redirect(target)
