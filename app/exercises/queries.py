"""Reads for exercises: a participant's attempts and the cohort's answers.

The caller passes the kind (from the registry): reads never look kinds up themselves."""

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select

from app.accounts.models import User
from app.content.model import Course, Exercise
from app.exercises.kinds.base import CohortSummary, ExerciseKind
from app.exercises.models import ExerciseAnswer
from app.extensions import db


@dataclass(frozen=True)
class ExerciseState:
    exercise: Exercise
    kind: ExerciseKind
    latest: ExerciseAnswer | None
    #: The cohort's answers counted, for kinds that show them, once the person has answered.
    summary: CohortSummary | None
    #: Below this many respondents the cohort's answers stay hidden, so nobody is singled out.
    min_respondents: int
    #: What the kind needs beyond the definition (a goal review: the goals set earlier).
    context: dict = field(default_factory=dict)

    @property
    def answered(self) -> bool:
        return self.latest is not None

    @property
    def can_retry(self) -> bool:
        return self.exercise.get("retry", True)

    def form_shown(self, again: str | None, answer_error: str | None) -> bool:
        """The answer form is on the page: before the first answer, after a refused one, and
        after "Answer again" (`?again=<exercise id>`); otherwise the feedback is."""
        retrying = again == self.exercise.id and self.can_retry
        return not self.answered or bool(answer_error) or retrying


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


def answer_by_client_id(user: User, client_id: str) -> ExerciseAnswer | None:
    """The answer a browser already sent under this id (a queued write sent again)."""
    return db.session.scalar(
        select(ExerciseAnswer).where(
            ExerciseAnswer.user_id == user.id, ExerciseAnswer.client_id == client_id
        )
    )


def cohort_summary(
    kind: ExerciseKind, cohort_id: int, course_slug: str, exercise: Exercise
) -> CohortSummary | None:
    """Each participant's latest answer in this cohort, counted by the kind; no names leave
    this function."""
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
    return kind.summarise(exercise.definition, answers)


def exercise_state(
    kind: ExerciseKind, user: User, course: Course, exercise: Exercise
) -> ExerciseState:
    latest = latest_answer(user, course.slug, exercise.id)
    summary = None
    if kind.summarised and latest is not None and latest.cohort_id is not None:
        summary = cohort_summary(kind, latest.cohort_id, course.slug, exercise)
    return ExerciseState(
        exercise=exercise,
        kind=kind,
        latest=latest,
        summary=summary,
        min_respondents=current_app.config["COHORT_MIN_RESPONDENTS"],
        context=kind.context(user=user, course=course, exercise=exercise),
    )
