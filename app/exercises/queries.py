"""Reads for exercises: a participant's attempts and the cohort's answers.

The caller passes the kind (from the registry): reads never look kinds up themselves."""

from collections.abc import Mapping
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
    #: The cohort's answers counted, for kinds that show them, once the person has answered
    #: and enough people have (`anonymous_enough`); None while they are held back.
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


#: With two respondents, each knows the other's answer from their own: a smaller minimum
#: group size than this is refused at start-up.
LOWEST_MIN_RESPONDENTS = 3


def check_min_respondents(config: Mapping[str, object]) -> None:
    """Refuse a minimum group size that would let a participant read another's answer."""
    minimum = config["COHORT_MIN_RESPONDENTS"]
    if not isinstance(minimum, int) or minimum < LOWEST_MIN_RESPONDENTS:
        raise RuntimeError(
            f"COHORT_MIN_RESPONDENTS is {minimum!r}: the cohort's answers would show from so "
            f"few respondents that someone's answer could be worked out. Set it to "
            f"{LOWEST_MIN_RESPONDENTS} or more (5, the default, is common)."
        )


def anonymous_enough(summary: CohortSummary | None, minimum: int) -> CohortSummary | None:
    """The cohort's answers as they may be shown to participants: only from `minimum`
    respondents on, since from fewer someone's answer could be worked out."""
    return summary if summary is not None and summary.respondents >= minimum else None


def exercise_state(
    kind: ExerciseKind, user: User, course: Course, exercise: Exercise
) -> ExerciseState:
    latest = latest_answer(user, course.slug, exercise.id)
    minimum = current_app.config["COHORT_MIN_RESPONDENTS"]
    summary = None
    if kind.summarised and latest is not None and latest.cohort_id is not None:
        summary = anonymous_enough(
            cohort_summary(kind, latest.cohort_id, course.slug, exercise), minimum
        )
    return ExerciseState(
        exercise=exercise,
        kind=kind,
        latest=latest,
        summary=summary,
        min_respondents=minimum,
        context=kind.context(user=user, course=course, exercise=exercise),
    )
