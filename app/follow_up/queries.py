"""The cohort at a glance: who is where, who is behind. A fixed number of queries per page."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from app.accounts.models import Role, User
from app.content.model import Catalog, Course, Module, Phase
from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.learning.models import ModuleVisit, StepCompletion
from app.learning.progress import Status, module_status, percent_done
from app.organisations.models import Cohort, CohortMember, Exchange, MemberRole, Organisation


def due_date(phase: Phase, exchange: Exchange | None) -> date | None:
    """When a phase's course should be finished, by the participant's own exchange dates."""
    return exchange.course_due_on(phase) if exchange is not None else None


class Cell(NamedTuple):
    """One participant's progress in one module (a tuple: a cohort page makes hundreds)."""

    module: Module
    done: int
    total: int
    status: Status


@dataclass(frozen=True)
class MatrixRow:
    participant: User
    exchange: Exchange | None
    home: Organisation | None
    host: Organisation | None
    last_activity: datetime | None
    cells: tuple[Cell, ...]

    @property
    def done(self) -> int:
        return sum(c.done for c in self.cells)

    @property
    def total(self) -> int:
        return sum(c.total for c in self.cells)

    @property
    def percent(self) -> int:
        return percent_done(self.done, self.total)

    @property
    def is_overdue(self) -> bool:
        return any(c.status == Status.OVERDUE for c in self.cells)


@dataclass(frozen=True)
class MatrixFilters:
    organisation_id: int | None = None
    phase: str | None = None
    status: str | None = None
    sort: str = "name"  # name | activity | progress


@dataclass(frozen=True)
class Matrix:
    cohort: Cohort
    courses: tuple[Course, ...]
    rows: tuple[MatrixRow, ...]
    organisations: tuple[Organisation, ...] = field(default_factory=tuple)

    @property
    def modules(self) -> list[tuple[Course, Module]]:
        return [(c, m) for c in self.courses for m in c.modules]


def cohort_courses(
    catalog: Catalog, cohort: Cohort, phase: str | None = None
) -> tuple[Course, ...]:
    courses = [catalog.course(cc.course_slug) for cc in cohort.courses]
    return tuple(c for c in courses if c is not None and (phase is None or c.phase == phase))


def cohort_audience(catalog: Catalog, cohort: Cohort) -> str:
    """Who the cohort's learners are: participants, or partner staff in a partner-training
    cohort (a cohort runs courses of one audience)."""
    courses = cohort_courses(catalog, cohort)
    return courses[0].audience if courses else "participants"


def cohort_participants(cohort_id: int, organisation_id: int | None = None):
    """(user, exchange, home, host) for each participant, one query, latest exchange each."""
    home, host = aliased(Organisation), aliased(Organisation)
    any_exchange = aliased(Exchange)
    # Looked up per participant through the participant index: the page costs the same
    # however many exchanges the whole programme has run.
    latest_exchange_id = (
        select(func.max(any_exchange.id))
        .where(any_exchange.participant_id == User.id)
        .scalar_subquery()
    )
    query = (
        select(User, Exchange, home, host)
        .join(CohortMember, CohortMember.user_id == User.id)
        .outerjoin(
            Exchange, (Exchange.participant_id == User.id) & (Exchange.id == latest_exchange_id)
        )
        .outerjoin(home, home.id == Exchange.home_organisation_id)
        .outerjoin(host, host.id == Exchange.host_organisation_id)
        .where(CohortMember.cohort_id == cohort_id, CohortMember.role == MemberRole.PARTICIPANT)
        .order_by(User.name)
    )
    if organisation_id:
        query = query.where(
            or_(
                Exchange.home_organisation_id == organisation_id,
                Exchange.host_organisation_id == organisation_id,
            )
        )
    return db.session.execute(query).all()


@dataclass(frozen=True)
class ProgressSummary:
    #: Completed steps per (user, course, module).
    counts: dict[tuple[int, str, str], int]
    #: (user, course, module) the participant has opened.
    visited: set[tuple[int, str, str]]
    #: The latest step visit or completion per participant, in any course.
    last_activity: dict[int, datetime]


def progress_summary(users, *, visits: bool = True) -> ProgressSummary:
    """Everything the follow-up tables need about progress, in two grouped queries (one
    without `visits`: then nothing counts as opened, and last activity is the last step done).

    `users` is a list of participant ids or, better for a whole table, a SELECT of them: the
    SQL text then stays the same from page to page, so psycopg and PostgreSQL reuse the parsed
    and planned statement instead of reading a new `IN (…)` list of dozens of ids each time.
    """
    if isinstance(users, list) and not users:
        return ProgressSummary({}, set(), {})
    completions = db.session.execute(
        select(
            StepCompletion.user_id,
            StepCompletion.course_slug,
            StepCompletion.module_slug,
            func.count(StepCompletion.id),
            func.max(StepCompletion.completed_at),
        )
        .where(StepCompletion.user_id.in_(users))
        .group_by(StepCompletion.user_id, StepCompletion.course_slug, StepCompletion.module_slug)
    ).all()
    if not visits:
        visits = []
    else:
        visits = db.session.execute(
            select(
                ModuleVisit.user_id,
                ModuleVisit.course_slug,
                ModuleVisit.module_slug,
                ModuleVisit.visited_at,
            ).where(ModuleVisit.user_id.in_(users))
        ).all()
    latest: dict[int, datetime] = {}
    for user_id, *_key, moment in [(r[0], r[1], r[2], r[4]) for r in completions] + [
        tuple(v) for v in visits
    ]:
        if moment is not None and (user_id not in latest or moment > latest[user_id]):
            latest[user_id] = moment
    return ProgressSummary(
        counts={(u, c, m): n for u, c, m, n, _at in completions},
        visited={(u, c, m) for u, c, m, _at in visits},
        last_activity=latest,
    )


def cohort_matrix(
    catalog: Catalog, cohort: Cohort, filters: MatrixFilters, today: date | None = None
) -> Matrix:
    today = today or date.today()
    courses = cohort_courses(catalog, cohort, filters.phase)
    everyone = cohort_participants(cohort.id)
    organisations = {}
    for _user, _exchange, home, host in everyone:
        for org in (home, host):
            if org is not None:
                organisations[org.id] = org
    selected = [
        row
        for row in everyone
        if not filters.organisation_id
        or (row[2] and row[2].id == filters.organisation_id)
        or (row[3] and row[3].id == filters.organisation_id)
    ]
    summary = progress_summary(
        select(CohortMember.user_id).where(
            CohortMember.cohort_id == cohort.id, CohortMember.role == MemberRole.PARTICIPANT
        )
    )
    counts, visited, activity = summary.counts, summary.visited, summary.last_activity
    # Each course's modules with their keys and sizes, worked out once for all the rows.
    columns = [
        (
            course,
            [(module, course.slug, module.slug, len(module.step_ids)) for module in course.modules],
        )
        for course in courses
    ]
    rows = []
    for user, exchange, home, host in selected:
        cells = []
        for course, modules in columns:
            due = due_date(course.phase, exchange)
            overdue = due is not None and today > due
            for module, course_slug, module_slug, total in modules:
                key = (user.id, course_slug, module_slug)
                done = min(counts.get(key, 0), total)
                status = module_status(
                    done=done, total=total, started=key in visited, overdue=overdue
                )
                cells.append(Cell(module, done, total, status))
        rows.append(MatrixRow(user, exchange, home, host, activity.get(user.id), tuple(cells)))
    if filters.status:
        rows = [r for r in rows if any(c.status == filters.status for c in r.cells)]
    if filters.sort == "activity":
        rows.sort(key=lambda r: r.last_activity or datetime.min)
    elif filters.sort == "progress":
        rows.sort(key=lambda r: (r.percent, r.participant.name))
    return Matrix(
        cohort=cohort,
        courses=courses,
        rows=tuple(rows),
        organisations=tuple(sorted(organisations.values(), key=lambda o: o.name)),
    )


@dataclass(frozen=True)
class OrganisationProgress:
    organisation: Organisation
    participants: int
    #: course slug -> percent of steps done by this organisation's participants
    percent_by_course: dict[str, int]
    behind: int
    #: The organisation's own training: its contact persons, and partner course slug ->
    #: percent of that course's steps they have done (all contacts together).
    staff: int = 0
    staff_percent_by_course: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CourseProgress:
    """One participant's steps done in each course of the cohort, and whether a course is
    past its due date unfinished."""

    done: dict[str, int]
    behind: bool


def courses_progress(
    courses, counts: dict, user_id: int, exchange: Exchange | None, today: date
) -> CourseProgress:
    done, behind = {}, False
    for course in courses:
        done[course.slug] = sum(
            min(counts.get((user_id, course.slug, m.slug), 0), len(m.step_ids))
            for m in course.modules
        )
        due = due_date(course.phase, exchange)
        behind = behind or (
            due is not None and today > due and done[course.slug] < course.step_count
        )
    return CourseProgress(done, behind)


def organisation_progress(
    catalog: Catalog, cohort: Cohort, today: date | None = None
) -> list[OrganisationProgress]:
    """For each partner organisation in the cohort (sending or hosting): completion per course.

    Totals per course, straight from the completed steps: no module-by-module table to build,
    and no visits to read (opening a module does not count towards completion)."""
    today = today or date.today()
    courses = cohort_courses(catalog, cohort)
    counts = progress_summary(
        select(CohortMember.user_id).where(
            CohortMember.cohort_id == cohort.id, CohortMember.role == MemberRole.PARTICIPANT
        ),
        visits=False,
    ).counts
    grouped: dict[int, list[CourseProgress]] = {}
    by_id: dict[int, Organisation] = {}
    for user, exchange, home, host in cohort_participants(cohort.id):
        progress = courses_progress(courses, counts, user.id, exchange, today)
        for org in {o.id: o for o in (home, host) if o is not None}.values():
            by_id[org.id] = org
            grouped.setdefault(org.id, []).append(progress)
    # "Progress per partner": each organisation's own staff in the partner courses.
    partner_courses = catalog.courses_for("partners")
    contacts = (
        select(User.id, User.organisation_id)
        .where(User.role == Role.PARTNER, User.active, User.organisation_id.in_(list(grouped)))
        .order_by(User.id)
    )
    staff_by_org: dict[int, list[int]] = {}
    for user_id, org_id in db.session.execute(contacts):
        staff_by_org.setdefault(org_id, []).append(user_id)
    staff_summary = progress_summary(contacts.with_only_columns(User.id), visits=False)
    result = []
    for org_id, rows in grouped.items():
        percents = {
            course.slug: percent_done(
                sum(row.done[course.slug] for row in rows), course.step_count * len(rows)
            )
            for course in courses
        }
        staff = staff_by_org.get(org_id, [])
        result.append(
            OrganisationProgress(
                organisation=by_id[org_id],
                participants=len(rows),
                percent_by_course=percents,
                behind=sum(1 for r in rows if r.behind),
                staff=len(staff),
                staff_percent_by_course={
                    course.slug: _percent_done(staff_summary.counts, staff, course)
                    for course in partner_courses
                },
            )
        )
    return sorted(result, key=lambda p: p.organisation.name)


def _percent_done(counts: dict, user_ids: list[int], course: Course) -> int:
    """The share of a course's steps that these people have done, all together."""
    if not user_ids or not course.step_count:
        return 0
    done = sum(
        min(counts.get((uid, course.slug, m.slug), 0), len(m.step_ids))
        for uid in user_ids
        for m in course.modules
    )
    return percent_done(done, course.step_count * len(user_ids))


@dataclass(frozen=True)
class AnswerLine:
    """A participant's latest answer to one exercise, in words, with the question."""

    prompt: str
    #: The language prompt and answer are shown in (the course's default on fallback).
    language: str
    kind: str
    answer: str
    is_correct: bool | None
    answered_at: datetime


@dataclass(frozen=True)
class ModuleAnswers:
    course: Course
    module: Module
    lines: list[AnswerLine]


def answers_by_module(
    catalog: Catalog, kinds: Mapping, person: User, language: str
) -> list[ModuleAnswers]:
    """The person's latest answer to each exercise, by course and module in course order,
    with each question and answer in `language` where the course is translated (each kind
    puts its answers in words)."""
    latest_ids = (
        select(func.max(ExerciseAnswer.id))
        .where(ExerciseAnswer.user_id == person.id)
        .group_by(ExerciseAnswer.course_slug, ExerciseAnswer.exercise_id)
    )
    answers = {
        (a.course_slug, a.module_slug, a.step_id): a
        for a in db.session.scalars(select(ExerciseAnswer).where(ExerciseAnswer.id.in_(latest_ids)))
    }
    result = []
    for course in catalog.courses:
        for module in course.modules:
            lines = []
            for step_id in module.step_ids:
                answer = answers.get((course.slug, module.slug, step_id))
                shown = module.exercise_in(step_id, language)
                if answer is None or shown is None:
                    continue
                exercise, shown_language = shown
                kind = kinds[exercise.kind]
                lines.append(
                    AnswerLine(
                        prompt=" ".join(str(exercise["prompt"]).split()),
                        language=shown_language,
                        kind=exercise.kind,
                        answer=kind.describe(exercise.definition, answer.answer),
                        is_correct=answer.is_correct,
                        answered_at=answer.created_at,
                    )
                )
            if lines:
                result.append(ModuleAnswers(course, module, lines))
    return result


def steps_per_week(person: User) -> list[tuple[date, int]]:
    """Steps completed per week (by its Monday), oldest first."""
    weeks: dict[date, int] = {}
    moments = db.session.scalars(
        select(StepCompletion.completed_at).where(StepCompletion.user_id == person.id)
    )
    for moment in moments:
        monday = moment.date() - timedelta(days=moment.weekday())
        weeks[monday] = weeks.get(monday, 0) + 1
    return sorted(weeks.items())


def people_where(condition, *, order_by=User.name) -> list[User]:
    """The users matching a WHERE clause (one of the access rules), in order."""
    return list(db.session.scalars(select(User).where(condition).order_by(order_by)))


def active_facilitators() -> list[User]:
    return people_where((User.role == Role.FACILITATOR) & User.active)


def cohort_learner(cohort: Cohort, user_id: int) -> User | None:
    """A learner of `cohort` (participant, or partner staff in a partner cohort)."""
    return db.session.scalar(
        select(User)
        .join(CohortMember, CohortMember.user_id == User.id)
        .where(
            User.id == user_id,
            CohortMember.cohort_id == cohort.id,
            CohortMember.role == MemberRole.PARTICIPANT,
        )
    )


def cohort_member(cohort: Cohort, user_id: int) -> CohortMember | None:
    return db.session.scalar(
        select(CohortMember).where(
            CohortMember.cohort_id == cohort.id, CohortMember.user_id == user_id
        )
    )
