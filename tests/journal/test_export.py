"""The participant keeps their journal: a zip of Markdown files and a printable page."""

import io
import zipfile
from pathlib import Path

import yaml

from app.journal.models import Audience
from tests.conftest import sign_in_as


def front_matter(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n")
    matter, _, body = text[4:].partition("\n---\n")
    return yaml.safe_load(matter), body.strip()


def test_the_zip_has_one_markdown_file_per_entry_with_front_matter(app, world, create_entry):
    first = create_entry(world.author, title='Arrival: "rain"', body="It *rained*.\n\n- a\n- b")
    second = create_entry(world.author, title="", body="Untitled", audience=Audience.PARTNERS)
    create_entry(world.other_participant, title="Not mine", body="Someone else")
    client = app.test_client()
    sign_in_as(client, world.author)

    response = client.get("/journal/export/zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"

    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = sorted(archive.namelist())
    assert len(names) == 2
    assert all(n.startswith("journal/") and n.endswith(".md") for n in names)
    files = {}
    for name in names:
        matter, body = front_matter(archive.read(name).decode("utf-8"))
        files[body] = matter
    assert files["It *rained*.\n\n- a\n- b"] == {
        "title": 'Arrival: "rain"',
        "date": first.created_at.date(),
        "phase": "mid",
        "audience": "private",
    }
    assert files["Untitled"]["audience"] == "partners"
    assert files["Untitled"]["title"] == ""
    assert any(str(second.id) in name for name in names)


def test_an_empty_journal_exports_an_empty_zip(app, world):
    client = app.test_client()
    sign_in_as(client, world.author)
    response = client.get("/journal/export/zip")
    assert zipfile.ZipFile(io.BytesIO(response.data)).namelist() == []
    assert client.get("/journal/export/pdf").status_code == 404


def test_the_export_is_the_participant_s_own(app, world, create_entry):
    create_entry(world.author, audience=Audience.PARTNERS)
    client = app.test_client()
    sign_in_as(client, world.facilitator)
    assert client.get("/journal/export/zip").status_code == 404
    assert client.get("/journal/print").status_code == 404


def test_the_printable_page_holds_every_entry_and_print_rules_exist(app, world, create_entry):
    create_entry(world.author, title="One", body="**First**")
    create_entry(world.author, title="Two", body="Second")
    client = app.test_client()
    sign_in_as(client, world.author)
    page = client.get("/journal/print").get_data(as_text=True)
    assert "<strong>First</strong>" in page and "Second" in page
    assert page.index(">One<") < page.index(">Two<")
    css = (Path(app.root_path) / "static/css/bru.css").read_text()
    assert ".journal-print .print-entry" in css.split("/* Journal */", 1)[1]
