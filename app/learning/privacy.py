"""The personal data the learning feature holds: completed steps and module visits."""

from sqlalchemy import delete, select

from app.accounts.models import User
from app.extensions import db
from app.learning.models import ModuleVisit, StepCompletion
from app.privacy.providers import PrivacyProvider, export_time


class LearningProvider(PrivacyProvider):
    """Completed steps and where the person was in each module.

    Erase: the completed steps stay (cohort progress figures); the visits (a trail of when
    the person was where) are deleted.
    """

    name = "learning"
    models = (StepCompletion, ModuleVisit)

    def export(self, user: User) -> dict:
        completions = db.session.scalars(
            select(StepCompletion)
            .where(StepCompletion.user_id == user.id)
            .order_by(StepCompletion.completed_at, StepCompletion.id)
        )
        visits = db.session.scalars(
            select(ModuleVisit)
            .where(ModuleVisit.user_id == user.id)
            .order_by(ModuleVisit.visited_at, ModuleVisit.id)
        )
        return {
            "completed_steps": [
                {
                    "course": c.course_slug,
                    "module": c.module_slug,
                    "step": c.step_id,
                    "completed_at": export_time(c.completed_at),
                }
                for c in completions
            ],
            "module_visits": [
                {
                    "course": v.course_slug,
                    "module": v.module_slug,
                    "last_step": v.last_step_id,
                    "visited_at": export_time(v.visited_at),
                }
                for v in visits
            ],
        }

    def erase(self, user: User) -> None:
        db.session.execute(delete(ModuleVisit).where(ModuleVisit.user_id == user.id))
        db.session.flush()
