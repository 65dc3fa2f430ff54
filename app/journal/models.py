import enum
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User, utcnow
from app.extensions import Model, value_enum

MAX_TITLE = 200
MAX_BODY = 50_000
MAX_COMMENT = 5_000


class Audience(enum.StrEnum):
    """Who besides the author may read an entry."""

    PRIVATE = "private"
    FACILITATORS = "facilitators"
    #: The facilitators, and the contacts of the exchange's home and host organisations.
    PARTNERS = "partners"


class JournalEntry(Model):
    """A reflection: free-standing, or the answer to a module's reflection prompt."""

    __tablename__ = "journal_entries"
    __table_args__ = (
        # One entry per reflection prompt; free-standing entries have no exercise (NULLs differ).
        UniqueConstraint("author_id", "course_slug", "exercise_id"),
        # An entry written offline and sent again is created once.
        UniqueConstraint("author_id", "client_id", name="uq_journal_entries_author_client"),
        Index("ix_journal_entries_author_created", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(MAX_TITLE), default="")
    #: Markdown as written; rendered sanitised, never stored as HTML.
    body: Mapped[str] = mapped_column(Text)
    audience: Mapped[Audience] = mapped_column(
        value_enum(Audience),
        default=Audience.PRIVATE,
    )
    #: The reflection prompt this entry answers (None for free-standing entries).
    course_slug: Mapped[str | None] = mapped_column(String(100))
    module_slug: Mapped[str | None] = mapped_column(String(100))
    step_id: Mapped[str | None] = mapped_column(String(100))
    exercise_id: Mapped[str | None] = mapped_column(String(100))
    #: Shared by prompts on the same question in different phases ("then and now").
    theme: Mapped[str | None] = mapped_column(String(100))
    #: pre / mid / post: the course's phase, or where the author's exchange stood.
    phase: Mapped[str] = mapped_column(String(4))
    #: Bumped at every change of title or body; a save based on an older one is a conflict.
    version: Mapped[int] = mapped_column(default=1)
    #: The id the browser made for the write that created it (offline queue), if any.
    client_id: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    author = relationship(User)


def new_draft_key() -> str:
    return secrets.token_urlsafe(18)


def new_draft_revision() -> str:
    return secrets.token_urlsafe(9)


class JournalDraft(Model):
    """Unsaved editor text, autosaved as it is typed, so nothing is lost.

    One row per editor (its `draft_key`); `entry_id` is None while the entry is new. Two
    windows may open the same draft: each sends the `revision` it last saw, and a window
    that is behind gets a draft of its own instead of writing over the other's words.
    """

    __tablename__ = "journal_drafts"
    __table_args__ = (UniqueConstraint("author_id", "draft_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("journal_entries.id", ondelete="CASCADE"), index=True
    )
    #: Made for the editor when it opens and kept by the page (and its local copy).
    draft_key: Mapped[str] = mapped_column(String(64))
    #: As typed, even when too long to save as an entry: the draft keeps every word.
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    #: The entry version the text was based on.
    base_version: Mapped[int | None]
    #: True when this text lost a save to a newer version of the entry (saved elsewhere).
    is_conflict: Mapped[bool] = mapped_column(default=False)
    #: Changes at every write (new_draft_revision); None for drafts from before revisions.
    revision: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class JournalComment(Model):
    """Feedback from a facilitator on a shared entry, or the author's reply."""

    __tablename__ = "journal_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("journal_entries.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Plain text (shown escaped).
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: When the entry's author first saw it; set at once for the author's own replies.
    read_at: Mapped[datetime | None]

    author = relationship(User)
