"""The journal: a participant's own pages, shared entries for those they chose, audited reads.

Every entry is fetched through `journal_entry_visible_to` (queries.py): outside it, a 404.
"""

import json
from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.models import LEARNERS, Role
from app.content import catalog
from app.extensions import db, htmx
from app.i18n import page_language
from app.journal import queries, services
from app.journal.export import EXPORT_FORMATS, entry_filename, entry_markdown
from app.journal.forms import (
    DRAFT_KEY_PATTERN,
    AdminReadForm,
    AudienceForm,
    CommentForm,
    DiscardDraftForm,
    DraftForm,
    JournalEntryForm,
    NewJournalEntryForm,
)
from app.journal.models import Audience, JournalEntry, new_draft_key
from app.offline.writes import client_write_id
from app.organisations.models import phase_on
from app.organisations.queries import current_exchange
from app.security import get_visible_participant_or_404, role_required

bp = Blueprint("journal", __name__, url_prefix="/journal")


@bp.after_request
def no_store(response: Response) -> Response:
    """Journal pages are personal: no browser or proxy keeps a copy."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _posted_revision(form) -> str | None:
    """The draft revision the editor sent; None from a page made before there were any."""
    return (form.draft_revision.data or "") if "draft_revision" in request.form else None


def _put(field, value) -> None:
    """Set what a form field shows, replacing what was posted."""
    field.data = value
    field.raw_data = None


def _local_scope(entry: JournalEntry | None) -> str:
    """The name of the editor's copy in the browser's localStorage."""
    return f"entry-{entry.id}" if entry else "new"


# The participant's own journal ----------------------------------------------


@bp.get("")
@role_required(*LEARNERS)
def index():
    grouped = queries.timeline(current_user)
    entry_ids = [e.id for entries in grouped.values() for e in entries]
    return render_template(
        "journal/index.html",
        grouped=grouped,
        unread=queries.unread_feedback(current_user),
        comment_counts=queries.comment_counts(entry_ids),
        drafts=queries.new_entry_drafts(current_user),
        conflicts=queries.conflicting_entry_ids(current_user),
        current_phase=phase_on(date.today(), current_exchange(current_user)),
        saved_scope=session.pop("journal_saved", None),
        discard_form=DiscardDraftForm(),
    )


def _render_editor(form, entry: JournalEntry | None, status: int = 200, **extra):
    return (
        render_template(
            "journal/editor.html",
            form=form,
            entry=entry,
            local_scope=_local_scope(entry),
            discard_form=DiscardDraftForm(),
            **extra,
        ),
        status,
    )


@bp.route("/new", methods=["GET", "POST"])
@role_required(*LEARNERS)
def new():
    """A new entry. Each editor has its own address, /journal/new?draft=KEY, so a reload or
    a sign-in later brings back its draft; plain /journal/new resumes the latest draft."""
    form = NewJournalEntryForm()
    restored = None
    if request.method == "GET":
        key = request.args.get("draft", "")
        draft = queries.draft_by_key(current_user, key) if key else None
        if not DRAFT_KEY_PATTERN.match(key) or (draft is not None and draft.entry_id):
            latest = None if request.args.get("fresh") else queries.latest_draft(current_user, None)
            key = latest.draft_key if latest else new_draft_key()
            return redirect(url_for("journal.new", draft=key))
        form.draft_key.data = key
        form.draft_revision.data = ""
        if draft is not None:
            form.title.data, form.body.data = draft.title, draft.body
            form.draft_revision.data = draft.revision or ""
            restored = draft
    if form.validate_on_submit():
        entry = services.journal_entry_create(
            author=current_user,
            title=form.title.data or "",
            body=form.body.data,
            audience=Audience(form.audience.data),
            draft_key=form.draft_key.data,
            draft_revision=_posted_revision(form),
            client_id=client_write_id(),
        )
        db.session.commit()
        session["journal_saved"] = [_local_scope(None), form.draft_key.data]
        flash(_("Saved in your journal."), "success")
        return redirect(url_for("journal.entry", entry_id=entry.id))
    return _render_editor(form, None, 400 if form.errors else 200, restored=restored)


@bp.route("/<int:entry_id>/edit", methods=["GET", "POST"])
@role_required(*LEARNERS)
def edit(entry_id: int):
    entry = queries.get_own_entry_or_404(current_user, entry_id)
    form = JournalEntryForm()
    restored = conflict = None
    if request.method == "GET":
        # The editor's address names its draft (?draft=KEY, kept by the page): a reload
        # brings back this window's text; without one, the newest draft of the entry.
        key = request.args.get("draft", "")
        own_key = DRAFT_KEY_PATTERN.match(key) is not None
        draft = queries.draft_by_key(current_user, key) if own_key else None
        if draft is not None and draft.entry_id != entry.id:
            draft, own_key = None, False
        if draft is None and not own_key:
            draft = queries.latest_draft(
                current_user, entry, conflict=True
            ) or queries.latest_draft(current_user, entry)
        form.title.data, form.body.data = entry.title, entry.body
        form.draft_key.data, form.draft_revision.data = key if own_key else new_draft_key(), ""
        if draft is not None:
            form.draft_key.data, form.draft_revision.data = draft.draft_key, draft.revision or ""
            if (draft.title, draft.body) != (entry.title, entry.body):
                form.title.data, form.body.data = draft.title, draft.body
                if draft.is_conflict or draft.base_version != entry.version:
                    conflict = draft
                else:
                    restored = draft
        form.version.data = entry.version
    elif form.validate_on_submit():
        try:
            services.journal_entry_update(
                entry=entry,
                title=form.title.data or "",
                body=form.body.data,
                base_version=form.version.data or 0,
                draft_key=form.draft_key.data,
                draft_revision=_posted_revision(form),
            )
        except services.JournalConflict:
            # Saved elsewhere meanwhile: keep this text as a conflicting draft, show both.
            conflict = services.journal_draft_save(
                author=current_user,
                draft_key=form.draft_key.data,
                title=form.title.data or "",
                body=form.body.data,
                entry=entry,
                base_version=entry.version,
                is_conflict=True,
                revision=_posted_revision(form),
            )
            db.session.commit()
            # Saving again now means "keep mine": it is based on the version just shown.
            _put(form.version, entry.version)
            _put(form.draft_key, conflict.draft_key)
            _put(form.draft_revision, conflict.revision)
            return _render_editor(form, entry, 409, conflict=conflict)
        db.session.commit()
        session["journal_saved"] = [_local_scope(entry), form.draft_key.data]
        flash(_("Saved in your journal."), "success")
        return redirect(url_for("journal.entry", entry_id=entry.id))
    status = 400 if form.errors else 200
    return _render_editor(form, entry, status, restored=restored, conflict=conflict)


@bp.post("/drafts")
@role_required(*LEARNERS)
def save_draft():
    """Autosave (htmx): store the editor's text as it is, and say so in a few words."""
    form = DraftForm()
    if not form.validate_on_submit():
        return render_template("journal/_draft_status.html", state="invalid"), 422
    entry = None
    if form.entry_id.data:
        entry = queries.get_own_entry_or_404(current_user, form.entry_id.data)
    try:
        draft = services.journal_draft_save(
            author=current_user,
            draft_key=form.draft_key.data,
            title=form.title.data or "",
            body=form.body.data or "",
            entry=entry,
            base_version=form.version.data,
            revision=_posted_revision(form),
        )
    except ValueError:
        db.session.rollback()
        return render_template("journal/_draft_status.html", state="invalid"), 422
    db.session.commit()
    changed_elsewhere = entry is not None and form.version.data != entry.version
    page = render_template(
        "journal/_draft_status.html",
        state="saved",
        draft=draft,
        changed_elsewhere=changed_elsewhere,
        kept_apart=draft.draft_key != form.draft_key.data,
    )
    # The editor goes on from this revision, under this key (a new one when kept apart).
    saved = {"key": draft.draft_key, "revision": draft.revision}
    return page, {"HX-Trigger": json.dumps({"bru:draftSaved": saved})}


@bp.post("/drafts/<draft_key>/discard")
@role_required(*LEARNERS)
def discard_draft(draft_key: str):
    form = DiscardDraftForm()
    if not form.validate_on_submit():
        abort(400)
    draft = queries.draft_by_key(current_user, draft_key) or abort(404)
    entry_id = draft.entry_id
    services.journal_draft_discard(author=current_user, draft_key=draft_key)
    db.session.commit()
    flash(_("The draft is discarded."), "info")
    if entry_id:
        return redirect(url_for("journal.entry", entry_id=entry_id))
    return redirect(url_for("journal.index"))


@bp.get("/then-and-now")
@role_required(*LEARNERS)
def then_and_now():
    return render_template("journal/then_and_now.html", rows=queries.then_and_now(current_user))


@bp.get("/print")
@role_required(*LEARNERS)
def print_view():
    entries = queries.entries_of(current_user.id, current_user)
    return render_template("journal/print.html", entries=entries)


@bp.get("/export/<name>")
@role_required(*LEARNERS)
def export(name: str):
    export_format = EXPORT_FORMATS.get(name) or abort(404)
    entries = queries.entries_of(current_user.id, current_user)
    return Response(
        export_format.render(entries),
        mimetype=export_format.mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{export_format.filename(current_user)}"'
        },
    )


# One entry: the author and whoever it is shared with -------------------------


def _entry_context(entry: JournalEntry) -> dict:
    comments = queries.comments_on(entry)
    is_author = entry.author_id == current_user.id
    return {
        "entry": entry,
        "is_author": is_author,
        "comments": comments,
        "new_comment_ids": {c.id for c in comments if c.read_at is None} if is_author else set(),
        "prompt": queries.exercise_prompt(catalog(), entry, page_language()),
        "may_comment": queries.may_comment(current_user, entry),
        "comment_form": CommentForm(formdata=None),
        "audience_form": AudienceForm(formdata=None, audience=entry.audience.value),
        "has_conflict": is_author
        and queries.latest_draft(current_user, entry, conflict=True) is not None,
    }


@bp.get("/<int:entry_id>")
@login_required
def entry(entry_id: int):
    entry = queries.get_visible_entry_or_404(current_user, entry_id)
    context = _entry_context(entry)
    if context["is_author"]:
        services.journal_comments_mark_read(entry=entry, reader=current_user)
    else:
        services.journal_entry_read_record(entry=entry, reader=current_user)
    page = render_template(
        "journal/entry.html", **context, saved_scope=session.pop("journal_saved", None)
    )
    db.session.commit()  # the page goes out only with its read recorded
    return page


@bp.get("/<int:entry_id>.md")
@login_required
def entry_download(entry_id: int):
    entry = queries.get_visible_entry_or_404(current_user, entry_id)
    services.journal_entry_read_record(entry=entry, reader=current_user, action="export")
    db.session.commit()
    return Response(
        entry_markdown(entry),
        mimetype="text/markdown",
        headers={"Content-Disposition": f'attachment; filename="{entry_filename(entry)}"'},
    )


@bp.post("/<int:entry_id>/audience")
@role_required(*LEARNERS)
def share(entry_id: int):
    entry = queries.get_own_entry_or_404(current_user, entry_id)
    form = AudienceForm()
    if form.validate_on_submit():
        services.journal_entry_share(entry=entry, audience=Audience(form.audience.data))
        db.session.commit()
        if not htmx:
            flash(_("Sharing is saved."), "success")
            return redirect(url_for("journal.entry", entry_id=entry.id))
        return render_template(
            "journal/_sharing.html", entry=entry, audience_form=form, sharing_saved=True
        )
    template = "journal/_sharing.html" if htmx else "journal/entry.html"
    context = _entry_context(entry) | {"audience_form": form}
    return render_template(template, **context), 400


@bp.post("/<int:entry_id>/comments")
@login_required
def comment(entry_id: int):
    entry = queries.get_visible_entry_or_404(current_user, entry_id)
    if not queries.may_comment(current_user, entry):
        abort(404)
    form = CommentForm()
    if form.validate_on_submit():
        services.journal_comment_add(entry=entry, author=current_user, body=form.body.data)
        db.session.commit()
        if not htmx:
            return redirect(url_for("journal.entry", entry_id=entry.id, _anchor="comments"))
        form = CommentForm(formdata=None)
        status = 200
    else:
        status = 400
    template = "journal/_comments.html" if htmx else "journal/entry.html"
    return render_template(template, **(_entry_context(entry) | {"comment_form": form})), status


# Others' view of a participant's journal ------------------------------------


@bp.get("/people/<int:user_id>")
@login_required
def person(user_id: int):
    """The entries of a participant that the viewer may read; 404 when there are none."""
    if user_id == current_user.id:
        return redirect(url_for("journal.index"))
    entries = queries.entries_of(user_id, current_user)
    if not entries:
        abort(404)
    services.journal_entries_list_record(entries=entries, reader=current_user)
    page = render_template("journal/person.html", entries=entries, author=entries[0].author)
    db.session.commit()  # the page goes out only with its reads recorded
    return page


@bp.get("/admin/people/<int:user_id>")
@role_required(Role.ADMIN)
def admin_person(user_id: int):
    """For administrators: a participant's entries by date and sharing, without content."""
    participant = get_visible_participant_or_404(current_user, user_id)
    entries = queries.entry_metadata_of(participant.id)
    return render_template("journal/admin_person.html", participant=participant, entries=entries)


@bp.route("/<int:entry_id>/admin-read", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def admin_read(entry_id: int):
    """An administrator reads an entry only by giving a reason, which is recorded."""
    entry = queries.entry_by_id(entry_id) or abort(404)
    form = AdminReadForm()
    if form.validate_on_submit():
        services.journal_entry_admin_read(entry=entry, admin=current_user, reason=form.reason.data)
        db.session.commit()
        context = _entry_context(entry) | {"may_comment": False, "admin_read": True}
        return render_template("journal/entry.html", **context)
    status = 400 if form.errors else 200
    return render_template("journal/admin_read.html", entry=entry, form=form), status
