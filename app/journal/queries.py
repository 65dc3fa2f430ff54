"""Reads for the journal. Who may read an entry is decided once: `journal_entry_visible_to`."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import cast

from flask import abort
from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import joinedload

from app.accounts.models import Role, User
from app.content.model import PHASES, Catalog
from app.extensions import db
from app.journal.models import Audience, JournalComment, JournalDraft, JournalEntry
from app.security import followed_by

SHARED_WITH_FACILITATORS = (Audience.FACILITATORS, Audience.PARTNERS)


def journal_entry_shared_with(user: User) -> ColumnElement[bool]:
    """A WHERE clause on JournalEntry: other people's entries shared with `user`.

    - facilitators of a cohort the author takes part in, when shared with facilitators
      or partners;
    - contacts of the author's exchange's home or host organisation, when shared with partners.
    """
    followed = followed_by(user)
    if followed is None:
        return false()
    audiences = SHARED_WITH_FACILITATORS if user.role == Role.FACILITATOR else (Audience.PARTNERS,)
    return and_(JournalEntry.audience.in_(audiences), JournalEntry.author_id.in_(followed))


def journal_entry_visible_to(user: User) -> ColumnElement[bool]:
    """A WHERE clause on JournalEntry: the entries `user` may read.

    The author, always, and whoever the author shared the entry with
    (`journal_entry_shared_with`). Nobody else: not other participants, not facilitators of
    other cohorts, not other organisations, and not administrators (they read through an
    audited action instead).
    """
    return or_(JournalEntry.author_id == user.id, journal_entry_shared_with(user))


def may_comment(user: User, entry: JournalEntry) -> bool:
    """On an entry `user` can read: its author (replies) and facilitators (feedback)."""
    return entry.author_id == user.id or user.role == Role.FACILITATOR


def get_visible_entry_or_404(user: User, entry_id: int) -> JournalEntry:
    entry = db.session.scalar(
        select(JournalEntry)
        .where(JournalEntry.id == entry_id, journal_entry_visible_to(user))
        .options(joinedload(JournalEntry.author))
    )
    if entry is None:
        abort(404)
    return entry


def get_own_entry_or_404(user: User, entry_id: int) -> JournalEntry:
    entry = db.session.scalar(
        select(JournalEntry).where(JournalEntry.id == entry_id, JournalEntry.author_id == user.id)
    )
    if entry is None:
        abort(404)
    return entry


def entry_by_id(entry_id: int) -> JournalEntry | None:
    """Any entry, for the administrator's audited read only."""
    return db.session.scalar(
        select(JournalEntry)
        .where(JournalEntry.id == entry_id)
        .options(joinedload(JournalEntry.author))
    )


def entries_of(author_id: int, viewer: User) -> list[JournalEntry]:
    """`author_id`'s entries that `viewer` may read, oldest first."""
    return list(
        db.session.scalars(
            select(JournalEntry)
            .where(JournalEntry.author_id == author_id, journal_entry_visible_to(viewer))
            .order_by(JournalEntry.created_at, JournalEntry.id)
        )
    )


def entry_metadata_of(author_id: int) -> list[JournalEntry]:
    """Every entry of an author, for the administrator's list (the view shows no content)."""
    return list(
        db.session.scalars(
            select(JournalEntry)
            .where(JournalEntry.author_id == author_id)
            .order_by(JournalEntry.created_at, JournalEntry.id)
        )
    )


def entry_for_exercise(author: User, course_slug: str, exercise_id: str) -> JournalEntry | None:
    return db.session.scalar(
        select(JournalEntry).where(
            JournalEntry.author_id == author.id,
            JournalEntry.course_slug == course_slug,
            JournalEntry.exercise_id == exercise_id,
        )
    )


def comments_on(entry: JournalEntry) -> list[JournalComment]:
    return list(
        db.session.scalars(
            select(JournalComment)
            .where(JournalComment.entry_id == entry.id)
            .options(joinedload(JournalComment.author))
            .order_by(JournalComment.created_at, JournalComment.id)
        )
    )


def unread_feedback(author: User) -> dict[int, int]:
    """entry id -> number of comments on it the author has not seen yet."""
    rows = db.session.execute(
        select(JournalComment.entry_id, func.count(JournalComment.id))
        .join(JournalEntry, JournalEntry.id == JournalComment.entry_id)
        .where(JournalEntry.author_id == author.id, JournalComment.read_at.is_(None))
        .group_by(JournalComment.entry_id)
    ).all()
    return {entry_id: count for entry_id, count in rows}


def comment_counts(entry_ids: list[int]) -> dict[int, int]:
    if not entry_ids:
        return {}
    rows = db.session.execute(
        select(JournalComment.entry_id, func.count(JournalComment.id))
        .where(JournalComment.entry_id.in_(entry_ids))
        .group_by(JournalComment.entry_id)
    ).all()
    return dict(rows)


# Drafts ---------------------------------------------------------------------


def entry_by_client_id(author: User, client_id: str) -> JournalEntry | None:
    """The entry a browser already created under this id (a queued write sent again)."""
    return db.session.scalar(
        select(JournalEntry).where(
            JournalEntry.author_id == author.id, JournalEntry.client_id == client_id
        )
    )


def draft_by_key(author: User, draft_key: str) -> JournalDraft | None:
    return db.session.scalar(
        select(JournalDraft).where(
            JournalDraft.author_id == author.id, JournalDraft.draft_key == draft_key
        )
    )


def latest_draft(
    author: User, entry: JournalEntry | None, *, conflict: bool = False
) -> JournalDraft | None:
    """The newest draft of an entry (or of a new entry when `entry` is None)."""
    where = [
        JournalDraft.author_id == author.id,
        JournalDraft.is_conflict.is_(conflict),
        JournalDraft.entry_id == entry.id if entry else JournalDraft.entry_id.is_(None),
    ]
    return db.session.scalar(
        select(JournalDraft)
        .where(*where)
        .order_by(JournalDraft.updated_at.desc(), JournalDraft.id.desc())
        .limit(1)
    )


def drafts_of_entry(entry: JournalEntry) -> list[JournalDraft]:
    return list(
        db.session.scalars(
            select(JournalDraft).where(
                JournalDraft.entry_id == entry.id, JournalDraft.author_id == entry.author_id
            )
        )
    )


def new_entry_drafts(author: User) -> list[JournalDraft]:
    """Texts begun as new entries and never saved, newest first."""
    return list(
        db.session.scalars(
            select(JournalDraft)
            .where(JournalDraft.author_id == author.id, JournalDraft.entry_id.is_(None))
            .order_by(JournalDraft.updated_at.desc())
        )
    )


def conflicting_entry_ids(author: User) -> set[int]:
    return set(
        db.session.scalars(
            select(JournalDraft.entry_id).where(
                JournalDraft.author_id == author.id, JournalDraft.is_conflict.is_(True)
            )
        )
    )


# Over time ------------------------------------------------------------------


def timeline(author: User) -> dict[str, list[JournalEntry]]:
    """phase -> the author's entries in it, oldest first."""
    grouped: dict[str, list[JournalEntry]] = {phase: [] for phase in PHASES}
    for entry in entries_of(author.id, author):
        grouped.setdefault(entry.phase, []).append(entry)
    return grouped


@dataclass(frozen=True)
class ThemeRow:
    """One theme, with the author's entries on it in each phase."""

    theme: str
    by_phase: dict[str, list[JournalEntry]] = field(default_factory=dict)

    @property
    def phase_count(self) -> int:
        return sum(1 for entries in self.by_phase.values() if entries)


def then_and_now(author: User) -> list[ThemeRow]:
    """Entries on the same theme from different phases, side by side, one row per theme."""
    entries = db.session.scalars(
        select(JournalEntry)
        .where(JournalEntry.author_id == author.id, JournalEntry.theme.is_not(None))
        .order_by(JournalEntry.theme, JournalEntry.created_at, JournalEntry.id)
    ).all()
    themes: dict[str, dict[str, list[JournalEntry]]] = defaultdict(
        lambda: {phase: [] for phase in PHASES}
    )
    for entry in entries:
        theme = cast(str, entry.theme)  # the query keeps the entries that have one
        themes[theme].setdefault(entry.phase, []).append(entry)
    return [ThemeRow(theme, by_phase) for theme, by_phase in sorted(themes.items())]


def exercise_prompt(catalog: Catalog, entry: JournalEntry, language: str) -> str | None:
    """The reflection prompt an entry answers, in `language` where translated."""
    if not (entry.course_slug and entry.module_slug and entry.step_id):
        return None
    course = catalog.course(entry.course_slug)
    module = course.module(entry.module_slug) if course else None
    if module is None or entry.step_id not in module.step_ids:
        return None
    localized = module.localized(language)
    index = localized.index_of(entry.step_id)
    exercise = localized.steps[index].step.exercise if index is not None else None
    return exercise.get("prompt") if exercise else None


def feedback_inbox(facilitator: User) -> list[JournalEntry]:
    """Entries shared with this facilitator that wait for an answer, oldest first.

    Waiting means: no comment yet, or the author wrote last (a reply to feedback).
    """
    last_commenter = (
        select(JournalComment.author_id)
        .where(JournalComment.entry_id == JournalEntry.id)
        .order_by(JournalComment.created_at.desc(), JournalComment.id.desc())
        .limit(1)
        .correlate(JournalEntry)
        .scalar_subquery()
    )
    return list(
        db.session.scalars(
            select(JournalEntry)
            .where(
                # Not the OR of journal_entry_visible_to: lets the planner use the author index.
                journal_entry_shared_with(facilitator),
                or_(last_commenter.is_(None), last_commenter == JournalEntry.author_id),
            )
            .options(joinedload(JournalEntry.author))
            .order_by(JournalEntry.updated_at, JournalEntry.id)
            .limit(200)
        )
    )
