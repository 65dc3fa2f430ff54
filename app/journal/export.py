"""Export formats for a participant's journal: a registry of small classes, one contract.

Each format has a `name`, a `mimetype`, a `filename(author)` and `render(entries) -> bytes`.
Add a format by adding a class to EXPORT_FORMATS; the view serves /journal/export/<name>.
"""

import io
import re
import zipfile
from typing import ClassVar

import yaml

from app.accounts.models import User
from app.journal.models import JournalEntry


def _slug(text: str) -> str:
    slug = re.sub(r"\W+", "-", text.lower()).strip("-_")
    return slug[:50].strip("-_")


def entry_markdown(entry: JournalEntry) -> str:
    """One entry as Markdown with front matter: title, date, phase, audience."""
    front = {
        "title": entry.title,
        "date": entry.created_at.date(),
        "phase": entry.phase,
        "audience": entry.audience.value,
    }
    if entry.updated_at.date() != entry.created_at.date():
        front["updated"] = entry.updated_at.date()
    if entry.theme:
        front["theme"] = entry.theme
    if entry.course_slug:
        front["course"] = entry.course_slug
    matter = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{matter}---\n\n{entry.body.rstrip()}\n"


def entry_filename(entry: JournalEntry) -> str:
    name = _slug(entry.title) or "entry"
    return f"{entry.created_at.date().isoformat()}-{entry.phase}-{entry.id}-{name}.md"


class ExportFormat:
    name: ClassVar[str]
    mimetype: ClassVar[str]

    def filename(self, author: User) -> str:
        raise NotImplementedError

    def render(self, entries: list[JournalEntry]) -> bytes:
        raise NotImplementedError


class MarkdownZip(ExportFormat):
    """The whole journal as a zip: one Markdown file per entry, in a folder `journal/`."""

    name = "zip"
    mimetype = "application/zip"

    def filename(self, author: User) -> str:
        return "bru-journal.zip"

    def render(self, entries: list[JournalEntry]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for entry in entries:
                archive.writestr(f"journal/{entry_filename(entry)}", entry_markdown(entry))
        return buffer.getvalue()


EXPORT_FORMATS: dict[str, ExportFormat] = {kind.name: kind for kind in (MarkdownZip(),)}
