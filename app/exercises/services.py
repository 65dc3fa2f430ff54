from collections.abc import Mapping

from app.accounts.models import User
from app.content.model import Course, Exercise, Module
from app.exercises.kinds import EXERCISE_KINDS
from app.exercises.models import ExerciseAnswer
from app.exercises.queries import answer_by_client_id, latest_answer
from app.extensions import db
from app.learning.services import step_complete


class AnswerRefused(Exception):
    """A well-formed answer that may not be stored (no retry allowed)."""


def exercise_answer_record(
    *,
    user: User,
    cohort_id: int,
    course: Course,
    module: Module,
    step_id: str,
    exercise: Exercise,
    answer: dict,
    answered_before: bool,
    client_id: str | None = None,
) -> ExerciseAnswer:
    """Store an attempt (parsed by the kind), grade it, and complete the step when due."""
    if answered_before and not exercise.get("retry", True):
        raise AnswerRefused
    kind = EXERCISE_KINDS[exercise.kind]
    correct = kind.grade(exercise.definition, answer)
    record = ExerciseAnswer(
        user_id=user.id,
        cohort_id=cohort_id,
        course_slug=course.slug,
        module_slug=module.slug,
        step_id=step_id,
        exercise_id=exercise.id,
        kind=exercise.kind,
        answer=answer,
        is_correct=correct,
        client_id=client_id,
    )
    db.session.add(record)
    db.session.flush()
    kind.after_answer(
        user=user, course=course, module=module, step_id=step_id, exercise=exercise, record=record
    )
    if exercise.get("complete_when", "answered") == "answered" or correct:
        step_complete(user=user, course_slug=course.slug, module_slug=module.slug, step_id=step_id)
    return record


def answer_given(form: Mapping) -> bool:
    """Whether anything was typed or chosen in a posted answer form (its token aside)."""
    return any(
        isinstance(value, str) and value.strip()
        for name in form
        if name != "csrf_token"
        for value in (form.getlist(name) if hasattr(form, "getlist") else [form[name]])
    )


def exercise_answer_submit(
    *,
    user: User,
    cohort_id: int,
    course: Course,
    module: Module,
    step_id: str,
    exercise: Exercise,
    form: Mapping,
    repeat: bool = True,
    client_id: str | None = None,
) -> ExerciseAnswer | None:
    """Parse a posted answer form with its kind and record it as a new attempt. With
    `repeat=False` an answer equal to the stored one is not recorded again (None).
    `client_id`: the browser's id for this write; sent again, it is the stored answer.
    Raises InvalidAnswer (with a message for the participant) or AnswerRefused."""
    if client_id and (sent := answer_by_client_id(user, client_id)) is not None:
        return sent
    kind = EXERCISE_KINDS[exercise.kind]
    context = kind.context(user=user, course=course, exercise=exercise)
    parsed = kind.parse_answer(exercise.definition, form, context)
    latest = latest_answer(user, course.slug, exercise.id)
    if not repeat and latest is not None and latest.answer == parsed:
        return None
    return exercise_answer_record(
        user=user,
        cohort_id=cohort_id,
        course=course,
        module=module,
        step_id=step_id,
        exercise=exercise,
        answer=parsed,
        answered_before=latest is not None,
        client_id=client_id,
    )
