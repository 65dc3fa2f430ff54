from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.accounts.models import utcnow
from app.extensions import Model


class ExerciseAnswer(Model):
    """One attempt at an exercise; every attempt is kept."""

    __tablename__ = "exercise_answers"
    __table_args__ = (
        Index("ix_exercise_answers_user_exercise", "user_id", "course_slug", "exercise_id"),
        Index("ix_exercise_answers_cohort_exercise", "cohort_id", "course_slug", "exercise_id"),
        # An answer sent again (a queued offline answer replayed) is stored once.
        UniqueConstraint("user_id", "client_id", name="uq_exercise_answers_user_client"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: The cohort the participant answered in: cohort aggregates count only that cohort.
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="SET NULL"))
    course_slug: Mapped[str] = mapped_column(String(100))
    module_slug: Mapped[str] = mapped_column(String(100))
    step_id: Mapped[str] = mapped_column(String(100))
    exercise_id: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(30))
    #: The answer as the exercise kind parsed it (choice keys, order, text, ratings).
    answer: Mapped[dict] = mapped_column(JSON)
    #: True / False for graded kinds, None for the others.
    is_correct: Mapped[bool | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The id the browser made for this write (offline queue); None for answers sent online.
    client_id: Mapped[str | None] = mapped_column(String(40))
