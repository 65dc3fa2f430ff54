"""A person's data, as they download it: every provider's export, and the journal as Markdown."""

import io
import json
import zipfile

from sqlalchemy import select

from app.accounts.models import User, utcnow
from app.extensions import db
from app.journal.export import entry_filename, entry_markdown
from app.journal.models import JournalEntry
from app.privacy.providers import PRIVACY_PROVIDERS


def personal_data(user: User) -> dict:
    """Everything Bru holds about `user`, one key per privacy provider."""
    return {
        "exported_at": utcnow().isoformat(),
        **{name: provider.export(user) for name, provider in PRIVACY_PROVIDERS.items()},
    }


def personal_data_zip(user: User) -> bytes:
    """data.json, plus journal/<date>-<phase>-<id>-<title>.md for each of the person's entries."""
    entries = db.session.scalars(
        select(JournalEntry)
        .where(JournalEntry.author_id == user.id)
        .order_by(JournalEntry.created_at, JournalEntry.id)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps(personal_data(user), ensure_ascii=False, indent=2) + "\n"
        )
        for entry in entries:
            archive.writestr(f"journal/{entry_filename(entry)}", entry_markdown(entry))
    return buffer.getvalue()
