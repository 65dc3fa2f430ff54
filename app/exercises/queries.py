"""Reads for exercises: a participant's attempts, their goals, and the cohort's answers."""

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.accounts.models import User
from app.content.model import Catalog, Course, Exercise, Module
from app.exercises.kinds import EXERCISE_KINDS
from app.exercises.models import ExerciseAnswer
from app.extensions import db

#: Below this many respondents the cohort's answers stay hidden, so nobody can be singled out.
MIN_RESPONDENTS = 3


@dataclass(frozen=True)
class CohortAggregate:
    respondents: int
    counts: dict = field(default_factory=dict)  # option key or scale value -> respondents
    average: float | None = None

    @property
    def visible(self) -> bool:
        return self.respondents >= MIN_RESPONDENTS

    def share(self, key) -> int:
        return round(100 * self.counts.get(key, 0) / self.respondents) if self.respondents else 0


@dataclass(frozen=True)
class ExerciseState:
    exercise: Exercise
    latest: ExerciseAnswer | None
    aggregate: CohortAggregate | None
    #: For goal reviews: the goals the participant set in the preparatory course.
    goals: list[dict]

    @property
    def answered(self) -> bool:
        return self.latest is not None

    @property
    def can_retry(self) -> bool:
        return self.exercise.get("retry", True)


def latest_answer(user: User, course_slug: str, exercise_id: str) -> ExerciseAnswer | None:
    """The participant's most recent attempt (every attempt is kept; only the last is shown)."""
    return db.session.scalar(
        select(ExerciseAnswer)
        .where(
            ExerciseAnswer.user_id == user.id,
            ExerciseAnswer.course_slug == course_slug,
            ExerciseAnswer.exercise_id == exercise_id,
        )
        .order_by(ExerciseAnswer.id.desc())
        .limit(1)
    )


def cohort_aggregate(cohort_id: int, course_slug: str, exercise: Exercise) -> CohortAggregate:
    """Each participant's latest answer in this cohort, counted; no names leave this function."""
    latest_ids = (
        select(func.max(ExerciseAnswer.id))
        .where(
            ExerciseAnswer.cohort_id == cohort_id,
            ExerciseAnswer.course_slug == course_slug,
            ExerciseAnswer.exercise_id == exercise.id,
        )
        .group_by(ExerciseAnswer.user_id)
    )
    answers = db.session.scalars(
        select(ExerciseAnswer.answer).where(ExerciseAnswer.id.in_(latest_ids))
    ).all()
    if exercise.kind == "scale":
        values = [a["value"] for a in answers]
        return CohortAggregate(
            respondents=len(values),
            counts=dict(Counter(values)),
            average=round(sum(values) / len(values), 1) if values else None,
        )
    return CohortAggregate(
        respondents=len(answers), counts=dict(Counter(a["choice"] for a in answers))
    )


def goal_exercises(catalog: Catalog, goal_set: str) -> dict[str, tuple[Course, Exercise]]:
    """stage -> (course, exercise) for every goals exercise of a goal set."""
    found = {}
    for course in catalog.courses:
        for module in course.modules:
            for step in module.source.steps:
                ex = step.exercise
                if ex is not None and ex.kind == "goals" and ex["goal_set"] == goal_set:
                    found.setdefault(ex["stage"], (course, ex))
    return found


def goal_thread(catalog: Catalog, user: User, goal_set: str) -> dict[str, ExerciseAnswer]:
    """stage -> the participant's latest answer at that stage (set, review, final)."""
    thread = {}
    for stage, (course, exercise) in goal_exercises(catalog, goal_set).items():
        answer = latest_answer(user, course.slug, exercise.id)
        if answer is not None:
            thread[stage] = answer
    return thread


def exercise_state(user: User, enrolment, course: Course, module: Module, exercise: Exercise):
    latest = latest_answer(user, course.slug, exercise.id)
    aggregate = None
    if EXERCISE_KINDS[exercise.kind].name in ("dilemma", "scale") and latest is not None:
        aggregate = cohort_aggregate(latest.cohort_id, course.slug, exercise)
    return ExerciseState(exercise, latest, aggregate, goals_to_review(user, exercise))


def goals_to_review(user: User, exercise: Exercise) -> list[dict]:
    """For a goal review: the goals the participant set earlier; otherwise nothing."""
    from app.content import catalog

    if exercise.kind != "goals" or exercise["stage"] == "set":
        return []
    set_answer = goal_thread(catalog(), user, exercise["goal_set"]).get("set")
    return set_answer.answer["goals"] if set_answer else []


@dataclass(frozen=True)
class GoalLine:
    text: str
    before: int
    during: int | None
    after: int | None


@dataclass(frozen=True)
class GoalThread:
    goal_set: str
    lines: list[GoalLine]
    review_comment: str
    at_home: str
    set_on: object
    reviewed_on: object
    finished_on: object


def goals_overview(catalog: Catalog, user: User) -> list[GoalThread]:
    """Each goal set the participant has started, with its ratings through the three phases."""
    goal_sets = sorted(
        {
            step.exercise["goal_set"]
            for course in catalog.courses
            for module in course.modules
            for step in module.source.steps
            if step.exercise is not None and step.exercise.kind == "goals"
        }
    )
    threads = []
    for goal_set in goal_sets:
        thread = goal_thread(catalog, user, goal_set)
        if "set" not in thread:
            continue
        review, final = thread.get("review"), thread.get("final")

        def rating(answer, index):
            ratings = answer.answer["ratings"] if answer else []
            return ratings[index] if index < len(ratings) else None

        lines = [
            GoalLine(goal["text"], goal["rating"], rating(review, i), rating(final, i))
            for i, goal in enumerate(thread["set"].answer["goals"])
        ]
        threads.append(
            GoalThread(
                goal_set=goal_set,
                lines=lines,
                review_comment=review.answer.get("comment", "") if review else "",
                at_home=final.answer.get("at_home", "") if final else "",
                set_on=thread["set"].created_at,
                reviewed_on=review.created_at if review else None,
                finished_on=final.created_at if final else None,
            )
        )
    return threads
