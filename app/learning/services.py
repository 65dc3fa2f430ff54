"""Progress writes. Each is idempotent: a double click or a resent form changes nothing."""

from datetime import datetime, timedelta

from sqlalchemy import select, update

from app.accounts.models import User, utcnow
from app.extensions import db, rows_changed
from app.learning.models import ModuleVisit, StepCompletion
from app.learning.queries import ModuleProgress

#: A step that is already the resume point, written less than this long ago, is not written
#: again when it is shown: reloads and back-and-forth cost no write, and the "last activity"
#: facilitators see stays right to within these minutes.
RESUME_POINT_REFRESH = timedelta(minutes=5)


def step_complete(
    *, user: User, course_slug: str, module_slug: str, step_id: str, at: datetime | None = None
) -> bool:
    """Mark a step done; return False when it already was."""
    exists = db.session.scalar(
        select(StepCompletion.id).where(
            StepCompletion.user_id == user.id,
            StepCompletion.course_slug == course_slug,
            StepCompletion.module_slug == module_slug,
            StepCompletion.step_id == step_id,
        )
    )
    if exists:
        return False
    db.session.add(
        StepCompletion(
            user_id=user.id,
            course_slug=course_slug,
            module_slug=module_slug,
            step_id=step_id,
            completed_at=at or utcnow(),
        )
    )
    db.session.flush()
    return True


def module_visit_record(
    *, user: User, course_slug: str, module_slug: str, step_id: str, at: datetime | None = None
) -> None:
    """Remember the step a participant is on: one UPDATE on every page view after the first."""
    updated = db.session.execute(
        update(ModuleVisit)
        .where(
            ModuleVisit.user_id == user.id,
            ModuleVisit.course_slug == course_slug,
            ModuleVisit.module_slug == module_slug,
        )
        .values(last_step_id=step_id, visited_at=at or utcnow())
        .execution_options(synchronize_session=False)
    )
    if rows_changed(updated) == 0:
        db.session.add(
            ModuleVisit(
                user_id=user.id,
                course_slug=course_slug,
                module_slug=module_slug,
                last_step_id=step_id,
                visited_at=at or utcnow(),
            )
        )
        db.session.flush()


def module_visit_is_recorded(progress: ModuleProgress, step_id: str, now: datetime) -> bool:
    """True when the resume point already is `step_id`, written less than
    RESUME_POINT_REFRESH ago: showing that step again need not write."""
    return (
        progress.last_step_id == step_id
        and progress.visited_at is not None
        and now - progress.visited_at < RESUME_POINT_REFRESH
    )
