"""Journal writes: entries, autosaved drafts, sharing, feedback and the audited reads.

Services flush; the view commits.
"""

from datetime import date

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Role, User, utcnow
from app.audit.services import audit_record, audit_record_many
from app.content.model import Course, Exercise, Module
from app.extensions import db, rows_changed
from app.journal.models import (
    MAX_TITLE,
    Audience,
    JournalComment,
    JournalDraft,
    JournalEntry,
    new_draft_key,
    new_draft_revision,
)
from app.journal.queries import (
    draft_by_key,
    drafts_of_entry,
    entry_by_client_id,
    entry_for_exercise,
)
from app.mail.services import email_queue, public_link
from app.organisations.models import phase_on
from app.organisations.queries import current_exchange
from app.partners.services import shared_entry_notify


class JournalConflict(Exception):
    """The entry was saved elsewhere after the text being saved was loaded."""

    def __init__(self, entry: JournalEntry):
        super().__init__(entry.id)
        self.entry = entry


def journal_entry_create(
    *,
    author: User,
    title: str,
    body: str,
    audience: Audience = Audience.PRIVATE,
    today: date | None = None,
    draft_key: str | None = None,
    draft_revision: str | None = None,
    client_id: str | None = None,
) -> JournalEntry:
    """A free-standing entry; its phase follows the author's exchange dates.

    `draft_revision`: the revision of the editor's draft it last saw (see journal_draft_save).
    `client_id`: the browser's id for this write; sent again, it is the entry it created.
    """
    if client_id and (created := entry_by_client_id(author, client_id)) is not None:
        return created
    phase = phase_on(today or date.today(), current_exchange(author))
    entry = JournalEntry(
        author_id=author.id,
        title=title.strip(),
        body=body,
        audience=audience,
        phase=phase,
        version=1,
        client_id=client_id,
    )
    db.session.add(entry)
    db.session.flush()
    if draft_key:
        _draft_settle(author=author, draft_key=draft_key, revision=draft_revision, entry=entry)
    return entry


def _is_behind(draft: JournalDraft, revision: str | None) -> bool:
    """Whether `draft` was written since the window sending `revision` last saw it.

    None is a page from before revisions (or a test of the old form): it is not checked.
    """
    return revision is not None and (draft.revision or "") != revision


def _draft_settle(
    *, author: User, draft_key: str, revision: str | None, entry: JournalEntry
) -> None:
    """The new entry's draft now belongs to the entry, holding the saved text.

    Kept rather than deleted: an autosave still on its way for this editor then finds its
    key taken by a saved entry and is refused, instead of leaving a stray "unsaved" draft.
    A draft another window wrote since this one saw it stays as that window's draft.
    """
    draft = draft_by_key(author, draft_key)
    if draft is not None and _is_behind(draft, revision):
        return
    if draft is None:
        try:
            with db.session.begin_nested():
                draft = JournalDraft(author_id=author.id, draft_key=draft_key)
                db.session.add(draft)
        except IntegrityError:  # that autosave just stored the key
            draft = draft_by_key(author, draft_key)
            if draft is None:  # and was discarded since: no draft to hand the text to
                return
    draft.entry_id = entry.id
    draft.title, draft.body = entry.title, entry.body
    draft.base_version = entry.version
    draft.is_conflict = False
    draft.revision = new_draft_revision()
    draft.updated_at = utcnow()
    db.session.flush()


def journal_entry_update(
    *,
    entry: JournalEntry,
    title: str,
    body: str,
    base_version: int,
    draft_key: str | None = None,
    draft_revision: str | None = None,
) -> JournalEntry:
    """Save new text if the entry is still at `base_version`, else raise JournalConflict.

    The check and the write are one UPDATE … WHERE version = base_version, so two saves
    racing each other cannot both win. The saving editor's draft (`draft_key`) is done with;
    another window's draft holding words of its own is kept, as a conflict to choose from.
    """
    before = (entry.title, entry.body)
    now = utcnow()
    result = db.session.execute(
        update(JournalEntry)
        .where(JournalEntry.id == entry.id, JournalEntry.version == base_version)
        .values(title=title.strip(), body=body, version=base_version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(entry)
    # Saved elsewhere with the very same text: nothing to choose between.
    if rows_changed(result) != 1 and (entry.title, entry.body) != (title.strip(), body):
        raise JournalConflict(entry)
    saved = (entry.title, entry.body)
    for draft in drafts_of_entry(entry):
        own = draft.draft_key == draft_key and not _is_behind(draft, draft_revision)
        if own or (draft.title, draft.body) in (saved, before):
            db.session.delete(draft)  # saved now, or nothing but what was there before
        else:
            draft.is_conflict = True  # another window's words, based on the old version
    db.session.flush()
    return entry


def journal_entry_share(*, entry: JournalEntry, audience: Audience) -> JournalEntry:
    """Change who can read the entry; withdrawing is sharing with `private`. Newly shared
    with the partner organisations: their contact persons are told (without the text)."""
    newly_with_partners = audience == Audience.PARTNERS and entry.audience != Audience.PARTNERS
    entry.audience = audience
    db.session.flush()
    if newly_with_partners:
        shared_entry_notify(author=db.session.get_one(User, entry.author_id))
    return entry


def journal_entry_record_reflection(
    *,
    author: User,
    course: Course,
    module: Module,
    step_id: str,
    exercise: Exercise,
    text: str,
) -> JournalEntry:
    """A reflection prompt's answer is the entry: created the first time, then updated."""
    entry = entry_for_exercise(author, course.slug, exercise.id)
    if entry is None:
        localized = module.localized(author.locale or module.default_language)
        index = localized.index_of(step_id)
        shown = localized.steps[index].step.exercise if index is not None else None
        prompt = " ".join(str((shown or exercise).get("prompt", "")).split())
        entry = JournalEntry(
            author_id=author.id,
            title=short_title(prompt),
            body=text,
            audience=Audience.PRIVATE,
            course_slug=course.slug,
            module_slug=module.slug,
            step_id=step_id,
            exercise_id=exercise.id,
            theme=exercise.get("theme"),
            phase=course.phase,
            version=1,
        )
        db.session.add(entry)
    elif entry.body != text:
        # A new version, so an editor open on the old one meets a conflict, not a silent loss.
        db.session.execute(
            update(JournalEntry)
            .where(JournalEntry.id == entry.id)
            .values(body=text, version=JournalEntry.version + 1, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        db.session.refresh(entry)
    db.session.flush()
    return entry


def short_title(text: str, limit: int = 120) -> str:
    """A prompt as a title: whole words, with an ellipsis when cut."""
    limit = min(limit, MAX_TITLE - 1)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


# Drafts ---------------------------------------------------------------------


def journal_draft_save(
    *,
    author: User,
    draft_key: str,
    title: str,
    body: str,
    entry: JournalEntry | None = None,
    base_version: int | None = None,
    is_conflict: bool = False,
    revision: str | None = None,
) -> JournalDraft:
    """Create or overwrite the draft of one editor (identified by its draft key).

    `revision` is the draft's revision the editor last saw ("" for none yet). When another
    window wrote the draft since, this text is kept as a new draft with a key of its own
    (returned, so the editor goes on with it): no window writes over another's words.
    """
    draft = draft_by_key(author, draft_key)
    if (
        draft is not None
        and draft.entry_id is not None
        and (entry is None or draft.entry_id != entry.id)
    ):
        # A key belongs to one entry's editor; never let it move to another entry.
        raise ValueError("draft key belongs to another entry")
    if draft is not None and _is_behind(draft, revision):
        draft = None
        draft_key = new_draft_key()
    if draft is None:
        draft = JournalDraft(author_id=author.id, draft_key=draft_key)
        db.session.add(draft)
    draft.entry_id = entry.id if entry else None
    draft.title = title
    draft.body = body
    draft.base_version = base_version
    draft.is_conflict = is_conflict or (draft.is_conflict and entry is not None)
    draft.revision = new_draft_revision()
    draft.updated_at = utcnow()
    db.session.flush()
    return draft


def journal_draft_discard(*, author: User, draft_key: str) -> None:
    db.session.execute(
        delete(JournalDraft).where(
            JournalDraft.author_id == author.id, JournalDraft.draft_key == draft_key
        )
    )
    db.session.flush()


# Feedback -------------------------------------------------------------------


def journal_comment_add(*, entry: JournalEntry, author: User, body: str) -> JournalComment:
    """Feedback from a facilitator (the entry's author is told, by email in their language)
    or a reply from the entry's author."""
    is_reply = author.id == entry.author_id
    now = utcnow()
    comment = JournalComment(
        entry_id=entry.id,
        author_id=author.id,
        body=body.strip(),
        created_at=now,
        read_at=now if is_reply else None,
    )
    db.session.add(comment)
    db.session.flush()
    if not is_reply:
        email_queue(
            to=entry.author,
            template="journal_feedback",
            commenter=author,
            entry=entry,
            link=public_link("journal.entry", entry_id=entry.id),
        )
    return comment


def journal_comments_mark_read(*, entry: JournalEntry, reader: User) -> int:
    """The author has seen the feedback on this entry; returns how many were new."""
    if reader.id != entry.author_id:
        return 0
    result = db.session.execute(
        update(JournalComment)
        .where(JournalComment.entry_id == entry.id, JournalComment.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return rows_changed(result)


# Audited reads ----------------------------------------------------------------


def journal_entry_read_record(*, entry: JournalEntry, reader: User, action: str = "read") -> None:
    """Audit every read of someone else's entry (never the author's own)."""
    if reader.id == entry.author_id:
        return
    audit_record(
        actor=reader,
        action=f"journal_entry.{action}",
        object_type="journal_entry",
        object_id=entry.id,
    )


def journal_entries_list_record(*, entries: list[JournalEntry], reader: User) -> None:
    """Audit a list of someone else's entries (their titles were read)."""
    audit_record_many(
        actor=reader,
        action="journal_entry.list",
        object_type="journal_entry",
        object_ids=[e.id for e in entries if e.author_id != reader.id],
    )


def journal_entry_admin_read(*, entry: JournalEntry, admin: User, reason: str) -> None:
    """An administrator opens an entry that was not shared with them: said why, and recorded."""
    if admin.role != Role.ADMIN:
        raise PermissionError("only administrators read entries through the audited action")
    audit_record(
        actor=admin,
        action="journal_entry.admin_read",
        object_type="journal_entry",
        object_id=entry.id,
        reason=reason.strip(),
    )
