import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User, utcnow
from app.extensions import Model, value_enum

MAX_ACCOUNT = 20_000
MAX_PEOPLE = 2_000
MAX_MESSAGE = 10_000


class ReportStatus(enum.StrEnum):
    NEW = "new"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"


class SafeguardingReport(Model):
    """A confidential report of a concern: read by its reporter and safeguarding officers only."""

    __tablename__ = "safeguarding_reports"
    __table_args__ = (Index("ix_safeguarding_reports_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: None once the reporter's data is erased: the report stays with the officers, unlinked.
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: What happened, in the reporter's words (plain text, shown escaped).
    what_happened: Mapped[str] = mapped_column(Text)
    #: Free text: the people involved, if the reporter wants to name them.
    people_involved: Mapped[str] = mapped_column(Text, default="")
    #: Whether officers may contact the reporter outside Bru (and Bru may email them notices).
    may_contact: Mapped[bool] = mapped_column(default=False)
    status: Mapped[ReportStatus] = mapped_column(
        value_enum(ReportStatus, 10),
        default=ReportStatus.NEW,
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Last change: a status change or a new message.
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    reporter = relationship(User)
    messages = relationship(
        "SafeguardingMessage",
        order_by="SafeguardingMessage.id",
        cascade="all, delete-orphan",
        back_populates="report",
    )


class SafeguardingMessage(Model):
    """One message in the follow-up thread between the reporter and the officers."""

    __tablename__ = "safeguarding_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("safeguarding_reports.id", ondelete="CASCADE"), index=True
    )
    #: None once the author's data is erased.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: True when written by a safeguarding officer (kept when the author's account is erased).
    from_officer: Mapped[bool] = mapped_column(default=False)
    #: Plain text (shown escaped).
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    report = relationship(SafeguardingReport, back_populates="messages")
    author = relationship(User)
