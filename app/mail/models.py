import enum
from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.accounts.models import utcnow
from app.extensions import Model, value_enum


class MailStatus(enum.StrEnum):
    QUEUED = "queued"
    #: Claimed by one sender, which is delivering it now (see `outbox_send_pending`).
    SENDING = "sending"
    SENT = "sent"
    #: Given up after the last retry of RETRY_WAITS; `flask mail requeue` queues it again.
    FAILED = "failed"


class OutboxEmail(Model):
    """An email waiting for (or done with) delivery by `flask mail send`."""

    __tablename__ = "outbox_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    #: The language the email was rendered in (the recipient's).
    language: Mapped[str] = mapped_column(String(10))
    status: Mapped[MailStatus] = mapped_column(
        value_enum(MailStatus, 10),
        default=MailStatus.QUEUED,
        index=True,
    )
    attempts: Mapped[int] = mapped_column(default=0)
    #: Not to be tried before this (None: at once). While SENDING: when the claim lapses.
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
