"""What a learner keeps for offline use, as the server lists it: only their own course pages,
only while the course is open, with a weight told beforehand that matches what is sent, and
hashes that change with the course file. Writes sent again with their client-made id are
stored once."""

import shutil
from pathlib import Path

from sqlalchemy import func, select

from app.accounts.models import Role
from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.journal.models import JournalEntry
from tests.conftest import sign_in_as

COURSES = Path(__file__).resolve().parents[2] / "courses"
MANIFEST = "/offline/courses/preparatory.json"


def test_the_kept_course_lists_only_its_own_pages_and_the_static_files(participant_client):
    response = participant_client.get(MANIFEST)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    kept = response.get_json()
    urls = [p["url"] for p in kept["pages"]]
    allowed = ("/courses/preparatory", "/static/", "/journal/new", "/offline")
    assert all(url.startswith(allowed) for url in urls), urls
    steps = [u for u in urls if u.startswith("/courses/preparatory/")]
    assert len(steps) == kept["steps"] > 20
    # Nothing of anyone else's, nothing of the follow-up, partner or admin pages.
    assert not any(part in u for u in urls for part in ("/follow-up", "/partners", "/admin"))


def test_facilitators_partners_and_admins_keep_nothing(app, client, create_user):
    for role in (Role.FACILITATOR, Role.PARTNER, Role.ADMIN):
        sign_in_as(client, create_user(role))
        assert client.get(MANIFEST).status_code == 404, role


def test_a_course_not_open_yet_cannot_be_kept(client, create_participant, cohort):
    # The server's date decides: a phone's clock set forward does not open homecoming.
    sign_in_as(client, create_participant(cohort, phase="pre"))
    assert client.get("/offline/courses/homecoming.json").status_code == 403


def test_the_size_told_before_keeping_is_close_to_what_keeping_sends(participant_client):
    kept = participant_client.get(MANIFEST).get_json()
    page = participant_client.get("/courses/preparatory")
    assert "Keep for offline use" in page.text
    kb = -(-kept["estimated_bytes"] // 1024)
    assert f"about {kb:,} KB" in page.text
    sent = 0
    for entry in kept["pages"]:
        answer = participant_client.get(
            entry["url"], headers={"Accept-Encoding": "br", "X-Bru-Purpose": "keep"}
        )
        assert answer.status_code in (200, 302), entry["url"]
        sent += len(answer.data)
    assert 0.7 * sent < kept["estimated_bytes"] < 1.3 * sent, (kept["estimated_bytes"], sent)
    # The whole preparatory course, kept, costs under 200 KB of transfer.
    assert sent < 200 * 1024, sent


def test_keeping_a_course_is_not_reading_it(app, participant_client, participant):
    from app.learning.models import ModuleVisit

    kept = participant_client.get(MANIFEST).get_json()
    step = next(p["url"] for p in kept["pages"] if p["url"].count("/") == 4)
    participant_client.get(step, headers={"X-Bru-Purpose": "keep"})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ModuleVisit)) == 0


def test_a_changed_course_file_changes_the_hashes_of_its_pages_only(
    tmp_path, serve_courses, participant
):
    before = _kept(serve_courses(str(COURSES)), participant)
    changed = tmp_path / "courses"
    shutil.copytree(COURSES, changed)
    module = changed / "preparatory" / "being-a-participant" / "en.md"
    module.write_text(module.read_text().replace("## ", "## Changed: ", 1))
    after = _kept(serve_courses(str(changed)), participant)
    assert after["version"] != before["version"]
    old = {p["url"]: p["hash"] for p in before["pages"]}
    moved = {p["url"] for p in after["pages"] if old.get(p["url"]) != p["hash"]}
    assert moved, "the changed module's pages must be fetched again"
    assert all("being-a-participant" in u or u == "/courses/preparatory" for u in moved), moved


def _kept(app, user) -> dict:
    client = app.test_client()
    sign_in_as(client, user)
    return client.get(MANIFEST).get_json()


def test_an_answer_sent_twice_with_its_id_is_stored_once(app, participant_client, participant):
    url = "/courses/preparatory/being-a-participant/reciprocity/answer"
    headers = {"X-Bru-Write-Id": "0f8e2d4c-offline-answer-1"}
    for _ in range(2):
        assert (
            participant_client.post(url, data={"choice": "1"}, headers=headers).status_code == 200
        )
    with app.app_context():
        answers = db.session.scalars(select(ExerciseAnswer)).all()
    assert [a.client_id for a in answers] == ["0f8e2d4c-offline-answer-1"]
    # Without an id (online), every attempt is kept as before.
    participant_client.post(url, data={"choice": "2"})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ExerciseAnswer)) == 2


def test_a_journal_entry_sent_twice_with_its_id_is_created_once(app, participant_client):
    headers = {"X-Bru-Write-Id": "7c1b9a55-offline-entry-1"}
    form = {"title": "On the bus", "body": "Written offline.", "audience": "private"}
    form["draft_key"] = "offline-draft-key-0001"
    first = participant_client.post("/journal/new", data=form, headers=headers)
    again = participant_client.post("/journal/new", data=form, headers=headers)
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(JournalEntry)) == 1
    # A malformed id is ignored: the entry is written as an online one.
    participant_client.post("/journal/new", data=form, headers={"X-Bru-Write-Id": "x"})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(JournalEntry)) == 2


def test_the_manifest_and_the_offline_page_speak_the_page_language(client):
    client.post("/language", data={"locale": "sw", "next": "/"})
    manifest = client.get("/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    assert manifest.get_json()["lang"] == "sw"
    assert "mabadilishano" in manifest.get_json()["name"]
    assert "Uko nje ya mtandao" in client.get("/offline").text
    worker = client.get("/sw.js")
    assert worker.headers["Cache-Control"] == "no-cache"


def test_signing_out_tells_the_browser_to_forget_everything(participant_client):
    response = participant_client.post("/sign-out")
    assert response.headers["Clear-Site-Data"] == '"cache"'


def test_the_offline_code_stays_under_ten_kilobytes_compressed(client):
    sent = 0
    for url in ("/sw.js", client.get("/sign-in").text.split('src="')[-1].split('"')[0]):
        assert "sw.js" in url or "offline.js" in url, url
        sent += len(client.get(url, headers={"Accept-Encoding": "br"}).data)
    assert sent < 10 * 1024, sent
