import enum
from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User, utcnow
from app.extensions import Model, value_enum


class ErasureStatus(enum.StrEnum):
    PENDING = "pending"
    DONE = "done"
    #: Withdrawn by the person before an administrator carried it out.
    CANCELLED = "cancelled"


class ErasureOrigin(enum.StrEnum):
    #: The person asked, from their profile.
    REQUEST = "request"
    #: `flask privacy purge --apply`: the retention period after the last exchange had passed.
    RETENTION = "retention"


class ErasureRequest(Model):
    """A request to erase a person's data, and the record that it was carried out.

    Kept after the erasure (pointing at the anonymised account): it says when and how, never
    what was erased.
    """

    __tablename__ = "erasure_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[ErasureStatus] = mapped_column(
        value_enum(ErasureStatus, 10),
        default=ErasureStatus.PENDING,
        index=True,
    )
    origin: Mapped[ErasureOrigin] = mapped_column(
        value_enum(ErasureOrigin, 10),
        default=ErasureOrigin.REQUEST,
    )
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]
    #: The administrator who carried it out (None for the retention command).
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user = relationship(User, foreign_keys=[user_id])
