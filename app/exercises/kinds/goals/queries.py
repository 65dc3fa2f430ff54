"""Reads for the goals thread: the goals set before, reviewed during and rated after."""

from dataclasses import dataclass

from app.accounts.models import User
from app.content.model import Catalog, Course, Exercise
from app.exercises.models import ExerciseAnswer
from app.exercises.queries import latest_answer


def goal_exercises(catalog: Catalog, goal_set: str) -> dict[str, tuple[Course, Exercise]]:
    """stage -> (course, exercise) for every goals exercise of a goal set."""
    found: dict[str, tuple[Course, Exercise]] = {}
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


def goals_to_review(user: User, exercise: Exercise) -> list[dict]:
    """For a goal review: the goals the participant set earlier; otherwise nothing."""
    from app.content import catalog

    if exercise["stage"] == "set":
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

        def rating(answer: ExerciseAnswer | None, index: int) -> int | None:
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
