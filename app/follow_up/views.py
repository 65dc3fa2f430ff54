from datetime import date

from babel import Locale
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.accounts.models import ROLE_OF_AUDIENCE, Role, User
from app.content import catalog
from app.exercises.kinds import EXERCISE_KINDS
from app.exercises.kinds.goals.queries import goals_overview
from app.extensions import MAX_INTEGER, db, htmx
from app.follow_up import queries
from app.follow_up.export import matrix_csv, matrix_xlsx
from app.follow_up.forms import (
    AddFacilitatorsForm,
    AddParticipantsForm,
    CohortForm,
    ReminderForm,
    RemoveMemberForm,
)
from app.follow_up.services import reminders_preview, reminders_send
from app.i18n import page_language
from app.journal import queries as journal_queries
from app.journal import services as journal_services
from app.journal.forms import CommentForm
from app.learning.progress import Status
from app.mail.services import recipient_language
from app.organisations.models import MemberRole
from app.organisations.queries import cohorts_visible_to
from app.organisations.services import (
    cohort_course_open_early,
    cohort_create,
    cohort_facilitator_add,
    cohort_member_remove,
    cohort_members,
    cohort_participant_add,
)
from app.partners import queries as partner_queries
from app.security import (
    facilitators_addable_by,
    get_visible_cohort_or_404,
    may_remove_member,
    participants_addable_by,
    role_required,
)

bp = Blueprint("follow_up", __name__)
staff_only = role_required(Role.FACILITATOR, Role.ADMIN)


def _filters() -> queries.MatrixFilters:
    args = request.args
    organisation_id = args.get("organisation", type=int)
    if organisation_id is not None and not 0 < organisation_id <= MAX_INTEGER:
        organisation_id = None  # no such organisation: no filter
    phase = args.get("phase") if args.get("phase") in ("pre", "mid", "post") else None
    status = args.get("status") if args.get("status") in set(Status) else None
    sort = args.get("sort", "name")
    if sort not in ("name", "activity", "progress"):
        sort = "name"
    return queries.MatrixFilters(organisation_id, phase, status, sort)


@bp.get("/cohorts")
@staff_only
def cohorts():
    return render_template("follow_up/cohorts.html", cohorts=cohorts_visible_to(current_user))


@bp.get("/cohorts/<int:cohort_id>")
@staff_only
def overview(cohort_id: int):
    cohort = get_visible_cohort_or_404(current_user, cohort_id)
    filters = _filters()
    matrix = queries.cohort_matrix(catalog(), cohort, filters)
    template = (
        "follow_up/_matrix.html" if htmx and htmx.target == "matrix" else "follow_up/overview.html"
    )
    return render_template(template, matrix=matrix, filters=filters, cohort=cohort)


@bp.get("/cohorts/<int:cohort_id>/export.<fmt>")
@staff_only
def export(cohort_id: int, fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    cohort = get_visible_cohort_or_404(current_user, cohort_id)
    matrix = queries.cohort_matrix(catalog(), cohort, _filters())
    filename = f"cohort-{cohort.id}-{date.today().isoformat()}.{fmt}"
    if fmt == "csv":
        body, mimetype = matrix_csv(matrix, page_language()), "text/csv; charset=utf-8"
    else:
        body = matrix_xlsx(matrix, page_language())
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/cohorts/<int:cohort_id>/organisations")
@staff_only
def organisations(cohort_id: int):
    cohort = get_visible_cohort_or_404(current_user, cohort_id)
    progress = queries.organisation_progress(catalog(), cohort)
    courses = queries.cohort_courses(catalog(), cohort)
    return render_template(
        "follow_up/organisations.html",
        cohort=cohort,
        progress=progress,
        courses=courses,
        partner_courses=catalog().courses_for("partners"),
    )


def _cohort_participant_or_404(cohort, participant_id: int) -> User:
    participant = queries.cohort_learner(cohort, participant_id)
    if participant is None:
        abort(404)
    return participant


@bp.get("/cohorts/<int:cohort_id>/participants/<int:participant_id>")
@staff_only
def participant(cohort_id: int, participant_id: int):
    cohort = get_visible_cohort_or_404(current_user, cohort_id)
    person = _cohort_participant_or_404(cohort, participant_id)
    matrix = queries.cohort_matrix(catalog(), cohort, queries.MatrixFilters())
    row = next(r for r in matrix.rows if r.participant.id == person.id)
    shared = journal_queries.entries_of(person.id, current_user)
    journal_services.journal_entries_list_record(entries=shared, reader=current_user)
    db.session.commit()
    return render_template(
        "follow_up/participant.html",
        cohort=cohort,
        matrix=matrix,
        row=row,
        person=person,
        answers=queries.answers_by_module(catalog(), EXERCISE_KINDS, person, page_language()),
        weeks=queries.steps_per_week(person),
        partners=partner_queries.exchange_contributions(person),
        goals=goals_overview(catalog(), person),
        shared_entries=shared,
        comment_counts=journal_queries.comment_counts([e.id for e in shared]),
    )


@bp.get("/feedback")
@role_required(Role.FACILITATOR)
def inbox():
    """Shared entries waiting for feedback, oldest first; answered right here."""
    entries = journal_queries.feedback_inbox(current_user)
    journal_services.journal_entries_list_record(entries=entries, reader=current_user)
    db.session.commit()
    return render_template("follow_up/inbox.html", entries=entries, form=CommentForm(formdata=None))


@bp.post("/feedback/<int:entry_id>")
@role_required(Role.FACILITATOR)
def answer_from_inbox(entry_id: int):
    entry = journal_queries.get_visible_entry_or_404(current_user, entry_id)
    form = CommentForm()
    if not form.validate_on_submit():
        if htmx:
            return render_template("follow_up/_inbox_item.html", entry=entry, form=form), 400
        entries = journal_queries.feedback_inbox(current_user)
        return render_template(
            "follow_up/inbox.html", entries=entries, form=form, failed_entry_id=entry.id
        ), 400
    journal_services.journal_comment_add(entry=entry, author=current_user, body=form.body.data)
    db.session.commit()
    if htmx:
        return render_template("follow_up/_inbox_item.html", entry=entry, answered=True)
    flash(_("Your feedback is sent to %(name)s.", name=entry.author.name), "success")
    return redirect(url_for("follow_up.inbox"))


def _language_names() -> dict[str, str]:
    """Each interface language named in the page's language ("Swahili", "swahili")."""
    shown_in = page_language()
    return {
        code: Locale.parse(code).get_display_name(shown_in) or code
        for code in current_app.config["LANGUAGES"]
    }


def _reminders_page(cohort, form, matrix, overdue_ids, previews=None, status=200):
    recipients = [r.participant for r in matrix.rows]
    return render_template(
        "follow_up/reminders.html",
        cohort=cohort,
        form=form,
        matrix=matrix,
        overdue_ids=overdue_ids,
        previews=previews,
        language_of={p.id: recipient_language(p) for p in recipients},
        language_names=_language_names(),
    ), status


@bp.route("/cohorts/<int:cohort_id>/reminders", methods=["GET", "POST"])
@staff_only
def reminders(cohort_id: int):
    cohort = get_visible_cohort_or_404(current_user, cohort_id)
    matrix = queries.cohort_matrix(catalog(), cohort, queries.MatrixFilters())
    form = ReminderForm()
    form.participant_ids.choices = [
        SelectChoice(r.participant.id, r.participant.name) for r in matrix.rows
    ]
    overdue_ids = [r.participant.id for r in matrix.rows if r.is_overdue]
    if request.method == "GET" and request.args.get("select") == "overdue":
        form.participant_ids.data = overdue_ids
    if request.method == "POST" and request.form.get("select") == "overdue":
        # "Select all overdue" without JavaScript: re-show the form with them ticked.
        form.participant_ids.data = overdue_ids
        form.participant_ids.errors = []
        return _reminders_page(cohort, form, matrix, overdue_ids)
    if form.validate_on_submit():
        chosen = [
            r.participant for r in matrix.rows if r.participant.id in form.participant_ids.data
        ]
        reminder = {
            "participants": chosen,
            "template": form.template.data,
            "message": form.message.data or "",
            "sender": current_user,
        }
        if request.form.get("action") == "preview":
            return _reminders_page(
                cohort, form, matrix, overdue_ids, previews=reminders_preview(**reminder)
            )
        sent = reminders_send(**reminder)
        db.session.commit()
        flash(ngettext("%(num)d reminder queued.", "%(num)d reminders queued.", sent), "success")
        return redirect(url_for("follow_up.overview", cohort_id=cohort.id))
    return _reminders_page(cohort, form, matrix, overdue_ids, status=400 if form.errors else 200)


@bp.post("/cohorts/<int:cohort_id>/courses/<course_slug>/open")
@staff_only
def open_early(cohort_id: int, course_slug: str):
    cohort = get_visible_cohort_or_404(current_user, cohort_id)
    course = catalog().course(course_slug)  # None once its files are gone
    if course is None or course_slug not in {cc.course_slug for cc in cohort.courses}:
        abort(404)
    cohort_course_open_early(cohort=cohort, course_slug=course_slug)
    db.session.commit()
    flash(
        _("%(course)s is now open for the whole cohort.", course=course.title(page_language())),
        "success",
    )
    return redirect(url_for("follow_up.manage", cohort_id=cohort.id))


def _facilitator_choices():
    return [SelectChoice(u.id, u.name) for u in queries.active_facilitators()]


@bp.route("/cohorts/new", methods=["GET", "POST"])
@staff_only
def create():
    form = CohortForm()
    form.courses.choices = _course_choices()
    form.facilitator_ids.choices = _facilitator_choices()
    if request.method == "GET":
        form.courses.data = [c.slug for c in catalog().courses_for("participants")]
        if current_user.role == Role.FACILITATOR:
            form.facilitator_ids.data = [current_user.id]
    if form.validate_on_submit():
        facilitator_ids = set(form.facilitator_ids.data)
        if current_user.role == Role.FACILITATOR:
            facilitator_ids.add(current_user.id)  # a facilitator keeps access to what they made
        facilitators = queries.people_where(User.id.in_(facilitator_ids), order_by=User.id)
        cohort = cohort_create(
            name=form.name.data,
            course_slugs=form.courses.data,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
        )
        # Nobody is in the new cohort yet: participants are added (by the rule) on its page.
        for facilitator in facilitators:
            cohort_facilitator_add(cohort=cohort, facilitator=facilitator, by=current_user)
        db.session.commit()
        flash(_("Cohort created."), "success")
        return redirect(url_for("follow_up.manage", cohort_id=cohort.id))
    return render_template("follow_up/create.html", form=form), 400 if form.errors else 200


def _course_choices() -> list[SelectChoice]:
    """Participant courses first, then partner courses, each marked with its audience."""
    language = page_language()
    marks = {"participants": _("for participants"), "partners": _("for partner staff")}
    return [
        SelectChoice(c.slug, f"{c.title(language)} ({marks[audience]})")
        for audience in ("participants", "partners")
        for c in catalog().courses_for(audience)
    ]


def _manage_page(cohort, status: int = 200, **forms):
    """The manage page: courses, the people in the cohort, and whom the user may add."""
    courses = {c.slug: c for c in queries.cohort_courses(catalog(), cohort)}
    add_form = forms.get("add_form") or AddParticipantsForm(formdata=None)
    add_form.participant_ids.choices = _participant_choices(cohort)
    facilitator_form = forms.get("facilitator_form") or AddFacilitatorsForm(formdata=None)
    facilitator_form.facilitator_ids.choices = _facilitator_candidates(cohort)
    return render_template(
        "follow_up/manage.html",
        cohort=cohort,
        form=add_form,
        facilitator_form=facilitator_form,
        courses=courses,
        participants=cohort_members(cohort, MemberRole.PARTICIPANT),
        facilitators=cohort_members(cohort, MemberRole.FACILITATOR),
    ), status


def _addable(cohort):
    """Whom the current user may add as learners: participants, or partner contacts for a
    partner-training cohort."""
    learner = ROLE_OF_AUDIENCE[queries.cohort_audience(catalog(), cohort)]
    return participants_addable_by(current_user, cohort, learner)


def _participant_choices(cohort) -> list[SelectChoice]:
    candidates = queries.people_where(_addable(cohort))
    return [SelectChoice(u.id, f"{u.name} <{u.email}>") for u in candidates]


def _facilitator_candidates(cohort) -> list[SelectChoice]:
    candidates = queries.people_where(facilitators_addable_by(current_user, cohort))
    return [SelectChoice(u.id, u.name) for u in candidates]


@bp.route("/cohorts/<int:cohort_id>/manage", methods=["GET", "POST"])
@staff_only
def manage(cohort_id: int):
    cohort = get_visible_cohort_or_404(current_user, cohort_id)
    if request.method == "GET":
        return _manage_page(cohort)
    form = AddParticipantsForm()
    form.participant_ids.choices = _participant_choices(cohort)
    # Choices are exactly the people this user may add: anyone else is "not a valid choice".
    if not form.validate():
        return _manage_page(cohort, 400, add_form=form)
    chosen = queries.people_where(
        User.id.in_(form.participant_ids.data) & _addable(cohort), order_by=User.id
    )
    for user in chosen:
        cohort_participant_add(cohort=cohort, participant=user, by=current_user)
    db.session.commit()
    flash(
        ngettext("%(num)d participant added.", "%(num)d participants added.", len(chosen)),
        "success",
    )
    return redirect(url_for("follow_up.manage", cohort_id=cohort.id))


@bp.post("/cohorts/<int:cohort_id>/facilitators")
@role_required(Role.ADMIN)
def add_facilitators(cohort_id: int):
    cohort = get_visible_cohort_or_404(current_user, cohort_id)
    form = AddFacilitatorsForm()
    form.facilitator_ids.choices = _facilitator_candidates(cohort)
    if not form.validate():
        return _manage_page(cohort, 400, facilitator_form=form)
    chosen = queries.people_where(
        User.id.in_(form.facilitator_ids.data) & facilitators_addable_by(current_user, cohort),
        order_by=User.id,
    )
    for user in chosen:
        cohort_facilitator_add(cohort=cohort, facilitator=user, by=current_user)
    db.session.commit()
    flash(
        ngettext("%(num)d facilitator added.", "%(num)d facilitators added.", len(chosen)),
        "success",
    )
    return redirect(url_for("follow_up.manage", cohort_id=cohort.id))


@bp.post("/cohorts/<int:cohort_id>/remove")
@staff_only
def remove_member(cohort_id: int):
    cohort = get_visible_cohort_or_404(current_user, cohort_id)
    form = RemoveMemberForm()
    if not form.validate():
        return _manage_page(cohort, 400)
    member = queries.cohort_member(cohort, form.user_id.data)
    if member is None or not may_remove_member(current_user, member):
        abort(404)
    name = member.user.name
    cohort_member_remove(member=member, by=current_user)
    db.session.commit()
    flash(_("%(name)s is no longer in %(cohort)s.", name=name, cohort=cohort.name), "success")
    return redirect(url_for("follow_up.manage", cohort_id=cohort.id))
