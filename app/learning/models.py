from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.accounts.models import utcnow
from app.extensions import Model


class StepCompletion(Model):
    """A step a participant has finished. Content is referred to by its stable string ids."""

    __tablename__ = "step_completions"
    __table_args__ = (UniqueConstraint("user_id", "course_slug", "module_slug", "step_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    course_slug: Mapped[str] = mapped_column(String(100))
    module_slug: Mapped[str] = mapped_column(String(100))
    step_id: Mapped[str] = mapped_column(String(100))
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ModuleVisit(Model):
    """Where a participant last was in a module, so they can resume there."""

    __tablename__ = "module_visits"
    __table_args__ = (
        UniqueConstraint("user_id", "course_slug", "module_slug"),
        Index("ix_module_visits_user_visited", "user_id", "visited_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    course_slug: Mapped[str] = mapped_column(String(100))
    module_slug: Mapped[str] = mapped_column(String(100))
    last_step_id: Mapped[str] = mapped_column(String(100))
    visited_at: Mapped[datetime] = mapped_column(default=utcnow)
