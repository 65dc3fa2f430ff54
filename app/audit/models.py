from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User, utcnow
from app.extensions import Model


class AuditEvent(Model):
    """One recorded action on someone else's data. Holds references only, never content."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Who did it; kept (as None) when that account is deleted, so the trail survives.
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: A dotted verb, e.g. "journal_entry.read", "journal_entry.admin_read".
    action: Mapped[str] = mapped_column(String(60))
    #: What was acted on, e.g. "journal_entry", and its id.
    object_type: Mapped[str] = mapped_column(String(60))
    object_id: Mapped[int]
    #: The person the action is about, when the object is not the person (a participant
    #: added to a cohort, an exchange's participant): who can see them has changed.
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: Why, when the action requires a reason (an administrator's audited read).
    reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    actor = relationship(User, foreign_keys=[actor_id])
