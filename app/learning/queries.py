"""What a participant may open and how far they have come; reads only."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from app.accounts.models import User
from app.content.model import PHASES, Catalog, Course, Module, Phase
from app.extensions import db
from app.learning.models import ModuleVisit, StepCompletion
from app.learning.progress import Status, module_status, percent_done
from app.organisations.models import Cohort, CohortCourse, Exchange


@dataclass(frozen=True)
class Enrolment:
    """A course a participant takes through one of their cohorts."""

    course: Course
    cohort: Cohort
    cohort_course: CohortCourse


def enrolments(catalog: Catalog, cohorts: list[Cohort]) -> list[Enrolment]:
    found: dict[str, Enrolment] = {}
    for cohort in cohorts:
        for cohort_course in cohort.courses:
            course = catalog.course(cohort_course.course_slug)
            if course is not None and course.slug not in found:
                found[course.slug] = Enrolment(course, cohort, cohort_course)
    return sorted(found.values(), key=lambda e: PHASES.index(e.course.phase))


def phase_opens_on(phase: Phase, exchange: Exchange | None) -> date | None:
    """The day a phase's course opens by the participant's own dates (None: from the start;
    see `Exchange.course_opens_on`). Without an exchange on file only the preparatory
    training is open."""
    if exchange is None:
        return None if phase == Phase.PRE else date.max
    return exchange.course_opens_on(phase)


def enrolment_is_open(enrolment: Enrolment, exchange: Exchange | None, today: date) -> bool:
    """Partner courses are open from the start: partner staff have no exchange dates of their
    own. Participant courses open by the participant's dates, or early by a facilitator."""
    if enrolment.course.audience == "partners" or enrolment.cohort_course.opened_early_at:
        return True
    opens_on = phase_opens_on(enrolment.course.phase, exchange)
    return opens_on is None or opens_on <= today


@dataclass(frozen=True)
class ModuleProgress:
    module: Module
    done_step_ids: frozenset[str]
    last_step_id: str | None
    #: When the resume point was last written (naive UTC, as stored).
    visited_at: datetime | None = None

    @property
    def done(self) -> int:
        return len(self.done_step_ids & set(self.module.step_ids))

    @property
    def total(self) -> int:
        return len(self.module.step_ids)

    @property
    def status(self) -> Status:
        return module_status(done=self.done, total=self.total, started=bool(self.last_step_id))

    @property
    def first_pending_step_id(self) -> str | None:
        return next((s for s in self.module.step_ids if s not in self.done_step_ids), None)

    @property
    def resume_step_id(self) -> str:
        """Where to pick up: the last step visited, or the first not yet done."""
        if self.last_step_id in self.module.step_ids and self.status != Status.DONE:
            return self.last_step_id
        return self.first_pending_step_id or self.module.step_ids[0]


@dataclass(frozen=True)
class CourseProgress:
    course: Course
    modules: tuple[ModuleProgress, ...]

    @property
    def done(self) -> int:
        return sum(m.done for m in self.modules)

    @property
    def total(self) -> int:
        return sum(m.total for m in self.modules)

    @property
    def percent(self) -> int:
        return percent_done(self.done, self.total)

    @property
    def next_module(self) -> ModuleProgress | None:
        return next((m for m in self.modules if m.status != Status.DONE), None)


def progress_for(user: User, courses: list[Course]) -> dict[str, CourseProgress]:
    """Progress in each course, in two queries whatever the number of courses."""
    slugs = [c.slug for c in courses]
    completions = db.session.execute(
        select(
            StepCompletion.course_slug, StepCompletion.module_slug, StepCompletion.step_id
        ).where(StepCompletion.user_id == user.id, StepCompletion.course_slug.in_(slugs))
    ).all()
    visits = db.session.execute(
        select(
            ModuleVisit.course_slug,
            ModuleVisit.module_slug,
            ModuleVisit.last_step_id,
            ModuleVisit.visited_at,
        ).where(ModuleVisit.user_id == user.id, ModuleVisit.course_slug.in_(slugs))
    ).all()
    done: dict[tuple[str, str], set[str]] = {}
    for course_slug, module_slug, step_id in completions:
        done.setdefault((course_slug, module_slug), set()).add(step_id)
    last = {(c, m): (s, at) for c, m, s, at in visits}

    def module_progress(course: Course, module: Module) -> ModuleProgress:
        last_step_id, visited_at = last.get((course.slug, module.slug), (None, None))
        return ModuleProgress(
            module=module,
            done_step_ids=frozenset(done.get((course.slug, module.slug), ())),
            last_step_id=last_step_id,
            visited_at=visited_at,
        )

    result = {}
    for course in courses:
        result[course.slug] = CourseProgress(
            course=course, modules=tuple(module_progress(course, m) for m in course.modules)
        )
    return result
