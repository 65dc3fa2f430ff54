"""The personal data the journal holds: entries, drafts and comments."""

from sqlalchemy import delete, or_, select, true

from app.accounts.models import User
from app.extensions import db
from app.journal.models import JournalComment, JournalDraft, JournalEntry
from app.privacy.providers import PrivacyProvider, export_time


class JournalProvider(PrivacyProvider):
    """Entries, drafts, comments written by the person and comments on their entries.

    Erase: all deleted (comments on the person's entries go with the entries).
    """

    name = "journal"
    models = (JournalEntry, JournalDraft, JournalComment)

    def export(self, user: User) -> dict:
        entries = list(
            db.session.scalars(
                select(JournalEntry)
                .where(JournalEntry.author_id == user.id)
                .order_by(JournalEntry.created_at, JournalEntry.id)
            )
        )
        entry_ids = [e.id for e in entries]
        on_own = (
            db.session.execute(
                select(JournalComment, User.name)
                .outerjoin(User, User.id == JournalComment.author_id)
                .where(JournalComment.entry_id.in_(entry_ids))
                .order_by(JournalComment.id)
            ).all()
            if entry_ids
            else []
        )
        by_entry: dict[int, list[dict]] = {}
        for comment, author_name in on_own:
            by_entry.setdefault(comment.entry_id, []).append(
                {
                    "by": "you" if comment.author_id == user.id else author_name,
                    "body": comment.body,
                    "created_at": export_time(comment.created_at),
                    "read_at": export_time(comment.read_at),
                }
            )
        written_elsewhere = db.session.scalars(
            select(JournalComment)
            .where(
                JournalComment.author_id == user.id,
                JournalComment.entry_id.not_in(entry_ids) if entry_ids else true(),
            )
            .order_by(JournalComment.id)
        )
        drafts = db.session.scalars(
            select(JournalDraft).where(JournalDraft.author_id == user.id).order_by(JournalDraft.id)
        )
        return {
            "entries": [
                {
                    "id": e.id,
                    "title": e.title,
                    "body": e.body,
                    "audience": e.audience.value,
                    "phase": e.phase,
                    "course": e.course_slug,
                    "module": e.module_slug,
                    "exercise": e.exercise_id,
                    "theme": e.theme,
                    "created_at": export_time(e.created_at),
                    "updated_at": export_time(e.updated_at),
                    "comments": by_entry.get(e.id, []),
                }
                for e in entries
            ],
            "drafts": [
                {
                    "entry_id": d.entry_id,
                    "title": d.title,
                    "body": d.body,
                    "is_conflict": d.is_conflict,
                    "updated_at": export_time(d.updated_at),
                }
                for d in drafts
            ],
            # On other people's entries: the person's own words only, not the entry.
            "comments_on_others_entries": [
                {"entry_id": c.entry_id, "body": c.body, "created_at": export_time(c.created_at)}
                for c in written_elsewhere
            ],
        }

    def erase(self, user: User) -> None:
        own_entries = select(JournalEntry.id).where(JournalEntry.author_id == user.id)
        # Explicit deletes rather than ON DELETE CASCADE: SQLite enforces it only on request.
        db.session.execute(
            delete(JournalComment).where(
                or_(
                    JournalComment.author_id == user.id,
                    JournalComment.entry_id.in_(own_entries),
                )
            )
        )
        db.session.execute(
            delete(JournalDraft).where(
                or_(JournalDraft.author_id == user.id, JournalDraft.entry_id.in_(own_entries))
            )
        )
        db.session.execute(delete(JournalEntry).where(JournalEntry.author_id == user.id))
        db.session.flush()
