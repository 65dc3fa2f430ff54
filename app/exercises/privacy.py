"""The personal data the exercises feature holds: every answer."""

from sqlalchemy import delete, select

from app.accounts.models import User
from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.privacy.providers import PrivacyProvider, export_time


class ExercisesProvider(PrivacyProvider):
    """Every answer to an exercise, goals and reflections-as-answers included. Erase: deleted."""

    name = "exercises"
    models = (ExerciseAnswer,)

    def export(self, user: User) -> dict:
        answers = db.session.scalars(
            select(ExerciseAnswer)
            .where(ExerciseAnswer.user_id == user.id)
            .order_by(ExerciseAnswer.created_at, ExerciseAnswer.id)
        )
        return {
            "answers": [
                {
                    "course": a.course_slug,
                    "module": a.module_slug,
                    "step": a.step_id,
                    "exercise": a.exercise_id,
                    "kind": a.kind,
                    "answer": a.answer,
                    "is_correct": a.is_correct,
                    "created_at": export_time(a.created_at),
                }
                for a in answers
            ]
        }

    def erase(self, user: User) -> None:
        db.session.execute(delete(ExerciseAnswer).where(ExerciseAnswer.user_id == user.id))
        db.session.flush()
