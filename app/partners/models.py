"""What a partner organisation contributes to an exchange: the host partner's answer to the
participant's work plan, and its own view at the mid-term review."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User, utcnow
from app.extensions import Model, value_enum

#: The exercise kind of a work plan (its answers are the plans the host partner reads).
WORK_PLAN_KIND = "work_plan"
#: The exercise kind where the participant reads the host partner's mid-term view.
HOST_VIEW_KIND = "host_view"


class WorkPlanResponse(enum.StrEnum):
    CONFIRMED = "confirmed"
    COMMENTED = "commented"


class WorkPlanReview(Model):
    """The host partner's contact person confirms a participant's work plan or comments on it."""

    __tablename__ = "work_plan_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The version of the plan that was read: a revised plan is a new answer, to be read again.
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("exercise_answers.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    response: Mapped[WorkPlanResponse] = mapped_column(value_enum(WorkPlanResponse))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    reviewer = relationship(User, foreign_keys=[reviewer_id])


class MidTermView(Model):
    """The host partner's own short view of how an exchange goes, at the mid-term review.

    Created when the participant asks for it; `text` stays empty until it is written."""

    __tablename__ = "mid_term_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    exchange_id: Mapped[int] = mapped_column(
        ForeignKey("exchanges.id", ondelete="CASCADE"), unique=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime | None]
    written_at: Mapped[datetime | None]

    author = relationship(User, foreign_keys=[author_id])
