"""A partner organisation's view of its own participants: sent and hosted, nobody else's."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from app.accounts.models import Role, User
from app.content.model import Catalog, Course, Exercise, Phase
from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.follow_up.queries import progress_summary
from app.journal.models import Audience, JournalEntry
from app.learning.progress import percent_done
from app.organisations.models import Exchange, Organisation
from app.organisations.queries import participant_cohorts
from app.partners.models import HOST_VIEW_KIND, WORK_PLAN_KIND, MidTermView, WorkPlanReview


@dataclass(frozen=True)
class PartnerRow:
    participant: User
    exchange: Exchange
    home: Organisation
    host: Organisation
    #: "sending" when the participant comes from this organisation, "hosting" otherwise.
    side: str
    phase: Phase
    percent_by_course: dict[str, int]
    last_activity: datetime | None
    behind: bool


def organisation_participants(
    catalog: Catalog,
    organisation_id: int,
    today: date | None = None,
    participant_id: int | None = None,
) -> list[PartnerRow]:
    """Each exchange the organisation sends or hosts, latest departure first; `participant_id`
    narrows it to one person's (the detail page reads one row, not the whole table)."""
    today = today or date.today()
    home, host = aliased(Organisation), aliased(Organisation)
    ours = or_(
        Exchange.home_organisation_id == organisation_id,
        Exchange.host_organisation_id == organisation_id,
    )
    query = (
        select(User, Exchange, home, host)
        .join(Exchange, Exchange.participant_id == User.id)
        .join(home, home.id == Exchange.home_organisation_id)
        .join(host, host.id == Exchange.host_organisation_id)
        .where(ours)
        .order_by(Exchange.departs_on.desc(), User.name)
    )
    participants = select(Exchange.participant_id).where(ours)
    if participant_id is not None:
        query = query.where(User.id == participant_id)
        participants = participants.where(Exchange.participant_id == participant_id)
    rows = db.session.execute(query).all()
    courses: list[Course] = list(catalog.courses)
    summary = progress_summary(participants)
    counts, activity = summary.counts, summary.last_activity
    # Each course's modules and their sizes, worked out once for all the rows.
    sizes = [(c, [(m.slug, len(m.step_ids)) for m in c.modules]) for c in courses]
    result = []
    for user, exchange, home_org, host_org in rows:
        phase = exchange.phase_on(today)
        overdue = {p: today > exchange.course_due_on(p) for p in Phase}
        percents, behind = {}, False
        for course, modules in sizes:
            key = (user.id, course.slug)
            done = sum(min(counts.get((*key, slug), 0), size) for slug, size in modules)
            percent = percents[course.slug] = percent_done(done, course.step_count)
            behind = behind or (overdue[course.phase] and percent < 100)
        result.append(
            PartnerRow(
                participant=user,
                exchange=exchange,
                home=home_org,
                host=host_org,
                side="sending" if home_org.id == organisation_id else "hosting",
                phase=phase,
                percent_by_course=percents,
                last_activity=activity.get(user.id),
                behind=behind,
            )
        )
    return result


@dataclass(frozen=True)
class OrganisationSummary:
    by_phase: dict[Phase, int]
    behind: int
    sending: int
    hosting: int


def organisation_summary(rows: list[PartnerRow]) -> OrganisationSummary:
    by_phase = dict.fromkeys(Phase, 0)
    for row in rows:
        by_phase[row.phase] += 1
    return OrganisationSummary(
        by_phase=by_phase,
        behind=sum(r.behind for r in rows),
        sending=sum(r.side == "sending" for r in rows),
        hosting=sum(r.side == "hosting" for r in rows),
    )


def organisation_contacts(organisation_id: int) -> list[User]:
    """The active contact persons of an organisation: who is told, and who may answer."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.organisation_id == organisation_id,
                User.role == Role.PARTNER,
                User.active.is_(True),
            )
            .order_by(User.name)
        )
    )


def latest_work_plan(participant_id: int) -> ExerciseAnswer | None:
    """The participant's latest work plan (a revised plan is a new answer)."""
    return db.session.scalar(
        select(ExerciseAnswer)
        .where(ExerciseAnswer.user_id == participant_id, ExerciseAnswer.kind == WORK_PLAN_KIND)
        .order_by(ExerciseAnswer.id.desc())
        .limit(1)
    )


def work_plan_review(answer: ExerciseAnswer) -> WorkPlanReview | None:
    """The host partner's latest answer to this version of the plan."""
    return db.session.scalar(
        select(WorkPlanReview)
        .where(WorkPlanReview.answer_id == answer.id)
        .order_by(WorkPlanReview.id.desc())
        .limit(1)
    )


def mid_term_view(exchange: Exchange | None) -> MidTermView | None:
    if exchange is None:
        return None
    return db.session.scalar(select(MidTermView).where(MidTermView.exchange_id == exchange.id))


@dataclass(frozen=True)
class SharedEntries:
    participant: User
    entries: list[JournalEntry]


def entries_shared_with_organisation(
    organisation_id: int, participant_id: int | None = None
) -> list[SharedEntries]:
    """Per participant it sends or hosts, the journal entries shared with partners, newest
    first (titles and dates only reach the list; the text opens on the entry's own page)."""
    followed = select(Exchange.participant_id).where(
        or_(
            Exchange.home_organisation_id == organisation_id,
            Exchange.host_organisation_id == organisation_id,
        )
    )
    if participant_id is not None:
        followed = followed.where(Exchange.participant_id == participant_id)
    rows = db.session.execute(
        select(User, JournalEntry)
        .join(JournalEntry, JournalEntry.author_id == User.id)
        .where(JournalEntry.audience == Audience.PARTNERS, User.id.in_(followed))
        .order_by(User.name, User.id, JournalEntry.created_at.desc())
    ).all()
    grouped: dict[int, SharedEntries] = {}
    for user, entry in rows:
        grouped.setdefault(user.id, SharedEntries(user, [])).entries.append(entry)
    return list(grouped.values())


def work_plan_exercise(
    catalog: Catalog, plan: ExerciseAnswer, language: str
) -> tuple[Exercise, str] | None:
    """The work-plan exercise a stored plan answers (for its section labels) in `language`
    where the course is translated, with the language it is in; None if it is gone."""
    module = catalog.module(plan.course_slug, plan.module_slug)
    return module.exercise_in(plan.step_id, language) if module else None


def host_view_step(catalog: Catalog, participant: User) -> tuple[str, str, str] | None:
    """(course, module, step) where the participant reads the host partner's mid-term view:
    the first such step of the courses of their cohorts, or None."""
    slugs = [cc.course_slug for cohort in participant_cohorts(participant) for cc in cohort.courses]
    for course in filter(None, map(catalog.course, slugs)):
        for module in course.modules:
            for step in module.source.steps:
                if step.exercise is not None and step.exercise.kind == HOST_VIEW_KIND:
                    return course.slug, module.slug, step.id
    return None


@dataclass(frozen=True)
class Waiting:
    """Something a host partner's contact person is asked to do."""

    participant: User
    #: "work_plan" (a plan to confirm or comment on) or "mid_term_view" (a view asked for).
    what: str
    since: datetime


def waiting_for(organisation_id: int) -> list[Waiting]:
    """Work plans not yet answered and mid-term views asked for but not written, for the
    participants this organisation hosts; oldest first."""
    hosted = select(Exchange.participant_id).where(Exchange.host_organisation_id == organisation_id)
    latest_plans = (
        select(func.max(ExerciseAnswer.id))
        .where(ExerciseAnswer.kind == WORK_PLAN_KIND, ExerciseAnswer.user_id.in_(hosted))
        .group_by(ExerciseAnswer.user_id)
    )
    answered = select(WorkPlanReview.answer_id)
    plans = db.session.execute(
        select(User, ExerciseAnswer.created_at)
        .join(ExerciseAnswer, ExerciseAnswer.user_id == User.id)
        .where(ExerciseAnswer.id.in_(latest_plans), ExerciseAnswer.id.not_in(answered))
    ).all()
    views = db.session.execute(
        select(User, MidTermView.requested_at)
        .join(Exchange, Exchange.participant_id == User.id)
        .join(MidTermView, MidTermView.exchange_id == Exchange.id)
        .where(
            Exchange.host_organisation_id == organisation_id,
            MidTermView.requested_at.is_not(None),
            MidTermView.written_at.is_(None),
        )
    ).all()
    waiting = [Waiting(user, "work_plan", at) for user, at in plans]
    # The query keeps only the views that were asked for, so each has its `requested_at`.
    waiting += [Waiting(user, "mid_term_view", cast(datetime, at)) for user, at in views]
    return sorted(waiting, key=lambda w: w.since)


@dataclass(frozen=True)
class Contributions:
    """What the host partner has contributed to a participant's exchange, for the
    participant's facilitators."""

    plan: ExerciseAnswer | None
    review: WorkPlanReview | None
    view: MidTermView | None


def exchange_contributions(person: User) -> Contributions:
    from app.organisations.queries import current_exchange

    plan = latest_work_plan(person.id)
    return Contributions(
        plan=plan,
        review=work_plan_review(plan) if plan else None,
        view=mid_term_view(current_exchange(person)),
    )
